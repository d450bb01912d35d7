import { describe, expect, it } from "vitest";
import { dependencyDown } from "./store-errors";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("dependencyDown", () => {
  it("recognises a lost or refused PostgreSQL connection", () => {
    expect(dependencyDown(new Error("Connection terminated unexpectedly"))).toEqual({ store: "database" });
    expect(dependencyDown(withCode("Can't reach database server at 127.0.0.1:5432", "P1001"))).toEqual({ store: "database" });
    expect(dependencyDown(withCode("terminating connection due to administrator command", "57P01"))).toEqual({ store: "database" });
  });

  it("recognises Redis being down", () => {
    class MaxRetriesPerRequestError extends Error {}
    expect(
      dependencyDown(
        new MaxRetriesPerRequestError(
          'Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.',
        ),
      ),
    ).toEqual({ store: "redis" });
    expect(dependencyDown(new Error("Connection is closed."))).toEqual({ store: "redis" });
  });

  it("looks through causes, and leaves other errors alone", () => {
    expect(dependencyDown(new Error("query failed", { cause: withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED") }))).toEqual({
      store: "unknown",
    });
    expect(dependencyDown(new TypeError("Cannot read properties of undefined"))).toBeNull();
    expect(dependencyDown(withCode("Unique constraint failed", "P2002"))).toBeNull();
    expect(dependencyDown("Connection terminated")).toBeNull();
  });
});
