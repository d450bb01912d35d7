import { describe, expect, it } from "vitest";
import { interpolate, interpolateString } from "./interpolate";

const env = { NAME: "web", EMPTY: "", PORT: "8080" };
const ok = (text: string) => {
  const result = interpolateString(text, env);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};
const fails = (text: string) => {
  const result = interpolateString(text, env);
  if (result.ok) throw new Error(`expected ${text} to fail`);
  return result.message;
};

describe("interpolateString", () => {
  it("substitutes $VAR and ${VAR}", () => {
    expect(ok("$NAME-${PORT}")).toBe("web-8080");
    expect(ok("${NAME}_x")).toBe("web_x");
    expect(ok("$NAME_x")).toBe(""); // $NAME_x is the variable NAME_x, as in docker compose
  });

  it("handles defaults with and without colon", () => {
    expect(ok("${MISSING:-def}")).toBe("def");
    expect(ok("${EMPTY:-def}")).toBe("def");
    expect(ok("${EMPTY-def}")).toBe("");
    expect(ok("${MISSING-def}")).toBe("def");
    expect(ok("${NAME:-def}")).toBe("web");
  });

  it("handles alternatives", () => {
    expect(ok("${NAME:+alt}")).toBe("alt");
    expect(ok("${EMPTY:+alt}")).toBe("");
    expect(ok("${EMPTY+alt}")).toBe("alt");
    expect(ok("${MISSING+alt}")).toBe("");
  });

  it("handles required variables", () => {
    expect(ok("${NAME:?needed}")).toBe("web");
    expect(ok("${EMPTY?needed}")).toBe("");
    expect(fails("${EMPTY:?needed}")).toBe("EMPTY: needed");
    expect(fails("${MISSING?}")).toBe("required variable MISSING is missing a value");
    expect(fails("${MISSING:?set the ${NAME} port}")).toBe("MISSING: set the web port");
  });

  it("supports nested interpolation in defaults", () => {
    expect(ok("${MISSING:-${NAME}:${PORT}}")).toBe("web:8080");
    expect(ok("${MISSING:-${ALSO:-deep}}")).toBe("deep");
  });

  it("escapes $$", () => {
    expect(ok("price: $$5 and $${NAME}")).toBe("price: $5 and ${NAME}");
  });

  it("reports unset variables", () => {
    const result = interpolateString("${A}-$B-${NAME}", env);
    expect(result).toEqual({ ok: true, value: "--web", unset: ["A", "B"] });
  });

  it("does not read inherited properties as variables", () => {
    expect(ok("${constructor:-safe}")).toBe("safe");
  });

  it.each([
    ["${", /unterminated "\$\{"/],
    ["abc ${NAME", /unterminated/],
    ["${}", /has no variable name/],
    ["${1abc}", /invalid variable name "1abc"/],
    ["${NAME!}", /invalid character "!" after "NAME"/],
    ["${NAME:x}", /invalid character ":"/],
    ["cost 5$", /invalid "\$" at the end/],
    ["$1", /invalid "\$" before "1"/],
  ])("rejects %j", (text, message) => {
    expect(fails(text)).toMatch(message);
  });
});

describe("interpolate", () => {
  it("walks string scalars only and returns located issues", () => {
    const value = { services: { web: { image: "nginx:${TAG}", replicas: 3, labels: { "${KEY}": "${NAME}" }, command: ["${", "ok"] } } };
    const result = interpolate({ value, env: { NAME: "n" }, locate: (path) => ({ line: path.length, column: 1 }) });
    expect(result.value).toEqual({ services: { web: { image: "nginx:", replicas: 3, labels: { "${KEY}": "n" }, command: ["${", "ok"] } } });
    expect(result.issues).toEqual([
      {
        severity: "warning",
        code: "interpolation",
        path: "services.web.image",
        line: 3,
        column: 1,
        message: "variable TAG is not set; it was replaced by an empty string",
      },
      expect.objectContaining({
        severity: "error",
        path: "services.web.command[0]",
        line: 4,
        message: expect.stringMatching(/unterminated/),
      }),
    ]);
  });

  it("does not mutate the input (aliases share objects)", () => {
    const shared = { image: "${IMG}" };
    const value = { a: shared, b: shared };
    const result = interpolate({ value, env: { IMG: "x" } });
    expect(shared.image).toBe("${IMG}");
    expect(result.value).toEqual({ a: { image: "x" }, b: { image: "x" } });
  });
});
