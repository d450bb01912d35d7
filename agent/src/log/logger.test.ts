import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { redact, scrubSecrets } from "./redact";

describe("logger", () => {
  it("writes one JSON object per line with level, message and fields, above its level", () => {
    const lines: string[] = [];
    const log = createLogger({
      level: "info",
      write: (line) => lines.push(line),
      now: () => new Date("2026-01-01T00:00:00Z"),
      fields: { component: "agent" },
    });
    log.debug("hidden");
    log.child({ nodeId: "n1" }).warn("careful", { attempt: 2, msg: "cannot override" });
    expect(lines).toEqual([
      `{"time":"2026-01-01T00:00:00.000Z","level":"warn","msg":"careful","component":"agent","nodeId":"n1","attempt":2}\n`,
    ]);
  });

  it("never writes credentials, join tokens or bearer headers", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "debug", write: (line) => lines.push(line) });
    log.info("join", {
      token: "wjt_secret_value",
      credential: "cred_secret",
      headers: { Authorization: "Bearer abc.def" },
      hasToken: true,
    });
    log.error("failed", { error: new Error("join with SWMTKN-1-abc123def-0123xyz refused; sent Bearer cred_secret2") });
    const text = lines.join("");
    for (const secret of ["wjt_secret_value", "cred_secret", "abc.def", "SWMTKN-1-abc123def", "cred_secret2"])
      expect(text).not.toContain(secret);
    expect(text).toContain('"hasToken":true');
    expect(text).toContain("[redacted]");
  });
});

describe("redact", () => {
  it("scrubs swarm tokens in free text", () => {
    expect(scrubSecrets("token SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx ok")).toBe(
      "token [redacted] ok",
    );
  });

  it("describes errors with their useful fields", () => {
    const error = Object.assign(new Error("boom"), { statusCode: 503, operation: "swarm.inspect" });
    expect(redact({ error })).toEqual({ error: { name: "Error", message: "boom", statusCode: 503, operation: "swarm.inspect" } });
  });
});
