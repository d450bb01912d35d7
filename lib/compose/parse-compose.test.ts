import { describe, expect, it } from "vitest";
import { parseCompose } from "./parse-compose";

function errorOf(text: string, options = {}) {
  const result = parseCompose(text, options);
  if (result.ok) throw new Error("expected a parse failure");
  return result.errors[0];
}

describe("parseCompose", () => {
  it("returns the value and a source map with key and value positions", () => {
    const result = parseCompose("services:\n  web:\n    image: nginx\n    ports:\n      - 80:80\n");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({ services: { web: { image: "nginx", ports: ["80:80"] } } });
    expect(result.sourceMap.locate(["services", "web", "image"])).toEqual({ line: 3, column: 12 });
    expect(result.sourceMap.locate(["services", "web", "image"], "key")).toEqual({ line: 3, column: 5 });
    expect(result.sourceMap.locate(["services", "web", "ports", 0])).toEqual({ line: 5, column: 9 });
  });

  it("locates missing paths at the nearest written ancestor's key", () => {
    const result = parseCompose("services:\n  web:\n    image: nginx\n");
    if (!result.ok) throw new Error("parse failed");
    expect(result.sourceMap.locate(["services", "web", "deploy", "replicas"])).toEqual({ line: 2, column: 3 });
  });

  it("uses the YAML 1.2 core schema: yes/no and 0777 stay what 1.2 says", () => {
    const result = parseCompose("a: yes\nb: 0777\nc: 0o17\nd: true\n");
    expect(result.ok && result.value).toEqual({ a: "yes", b: 777, c: 15, d: true });
  });

  it("supports << merge keys and positions merged keys at the merge", () => {
    const text = "x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n    ports: [80]\n";
    const result = parseCompose(text);
    if (!result.ok) throw new Error("parse failed");
    expect(result.value).toEqual({ "x-base": { image: "nginx" }, services: { web: { image: "nginx", ports: [80] } } });
    expect(result.sourceMap.locate(["services", "web", "image"], "key")).toEqual({ line: 5, column: 5 });
  });

  it("rejects duplicate keys with the key name and location", () => {
    const error = errorOf("services:\n  web:\n    image: a\n    image: b\n");
    expect(error).toMatchObject({ code: "yaml", path: "services.web.image", line: 4, column: 5 });
    expect(error?.message).toMatch(/duplicate key "image"/);
  });

  it("rejects tabs used for indentation", () => {
    expect(errorOf("services:\n  web:\n\timage: x\n")).toMatchObject({ line: 3, message: expect.stringMatching(/tabs are not allowed/) });
  });

  it("rejects custom and non-core tags", () => {
    expect(errorOf("services:\n  web:\n    image: !Ref x\n")?.message).toMatch(/tag !Ref is not allowed/);
    expect(errorOf("a: !!binary aGVsbG8=\n")?.message).toMatch(/binary is not allowed/);
  });

  it("rejects several documents", () => {
    expect(errorOf("a: 1\n---\nb: 2\n")?.message).toMatch(/several YAML documents/);
  });

  it("rejects empty files and non-mapping documents", () => {
    expect(errorOf("# only a comment\n")).toMatchObject({ code: "required", line: 1, message: "the compose file is empty" });
    expect(errorOf("- a\n- b\n")?.message).toMatch(/must be a mapping/);
  });

  it("rejects dangling aliases at the alias", () => {
    expect(errorOf("a: 1\nb: *nope\n")).toMatchObject({
      line: 2,
      column: 4,
      path: "b",
      message: expect.stringMatching(/Unresolved alias/),
    });
  });

  it("enforces the size limit in UTF-8 bytes, reporting where it is crossed", () => {
    expect(errorOf("a: 1234567890\n", { maxBytes: 8 })).toMatchObject({ code: "limit", line: 1, column: 9 });
    // "é" takes two bytes: 5 characters, 10 bytes.
    expect(parseCompose("a: éé", { maxBytes: 6 }).ok).toBe(false);
    expect(parseCompose("a: éé", { maxBytes: 7 }).ok).toBe(true);
  });

  it("stops exponential alias expansion", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
    }
    expect(errorOf(lines.join("\n"))).toMatchObject({ code: "limit", message: expect.stringMatching(/alias/) });
  });

  it("stops deep flow nesting before the parser sees it", () => {
    expect(errorOf(`a: ${"[".repeat(100_000)}${"]".repeat(100_000)}`, { maxBytes: 1e6 })).toMatchObject({
      code: "limit",
      line: 1,
      message: expect.stringMatching(/nested more than 64/),
    });
  });

  it("ignores brackets inside quoted strings and comments when checking depth", () => {
    expect(parseCompose(`a: "${"[".repeat(200)}" # ${"{".repeat(200)}\n`).ok).toBe(true);
  });

  it("limits deep block nesting", () => {
    let text = "";
    for (let i = 0; i < 80; i++) text += `${" ".repeat(i)}k:\n`;
    text += `${" ".repeat(80)}v: 1\n`;
    expect(errorOf(text)).toMatchObject({ code: "limit", message: expect.stringMatching(/nested more than 64 levels/) });
  });

  it("reports syntax errors with positions and paths", () => {
    const error = errorOf("services:\n  web:\n    image: nginx\n   ports: [1\n");
    expect(error?.line).toBeGreaterThan(0);
    expect(error?.message).toMatch(/^invalid YAML:/);
  });

  it("refuses __proto__ keys, which later stages would treat as the prototype", () => {
    expect(errorOf("services:\n  web:\n    labels:\n      __proto__: x\n")).toMatchObject({
      path: "services.web.labels.__proto__",
      line: 4,
      column: 7,
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
