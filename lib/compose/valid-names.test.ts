import { describe, expect, it } from "vitest";
import { checkResourceName, checkServiceName, parseImageReference } from "./valid-names";

describe("checkServiceName", () => {
  it.each(["web", "api-v2", "a", "x1", "0day"])("accepts %s", (name) => {
    expect(checkServiceName(name)).toBeUndefined();
  });

  it("explains and suggests a fix", () => {
    expect(checkServiceName("My_Service")).toMatch(/lowercase.*e\.g\. "my-service"/);
    expect(checkServiceName("-web")).toMatch(/starting and ending/);
    expect(checkServiceName("a".repeat(64))).toMatch(/longer than 63/);
    expect(checkServiceName("")).toMatch(/empty/);
  });
});

describe("checkResourceName", () => {
  it("accepts Docker object names and rejects others", () => {
    expect(checkResourceName("Data_v1.backup", "volume name")).toBeUndefined();
    expect(checkResourceName("bad name", "volume name")).toMatch(/invalid volume name "bad name"/);
    expect(checkResourceName("_x", "network name")).toMatch(/starting with a letter or digit/);
  });
});

describe("parseImageReference", () => {
  it.each([
    ["nginx", { path: "nginx" }],
    ["nginx:1.27", { path: "nginx", tag: "1.27" }],
    ["library/nginx:latest", { path: "library/nginx", tag: "latest" }],
    ["ghcr.io/org/app:v1", { domain: "ghcr.io", path: "org/app", tag: "v1" }],
    ["localhost:5000/app", { domain: "localhost:5000", path: "app" }],
    [
      "registry.example.com:5000/team/api@sha256:" + "a".repeat(64),
      { domain: "registry.example.com:5000", path: "team/api", digest: "sha256:" + "a".repeat(64) },
    ],
  ])("parses %s", (reference, expected) => {
    expect(parseImageReference(reference)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["Nginx", /must be lowercase/],
    ["nginx:", /tag ""/],
    ["nginx@sha256:abc", /not a digest/],
    ["my image", /not a valid repository name component/],
    ["", /empty/],
    ["a//b", /not a valid repository/],
  ])("rejects %j", (reference, message) => {
    const result = parseImageReference(reference);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
