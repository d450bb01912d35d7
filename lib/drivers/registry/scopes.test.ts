import { describe, expect, it } from "vitest";
import { isRepositoryPath, namespaceOf, parseScopes } from "./scopes";

describe("registry token scopes", () => {
  it("parses repeated and space-separated scopes", () => {
    expect(parseScopes(["repository:acme/web:pull,push", "repository:acme/api:pull registry:catalog:*"])).toEqual([
      { type: "repository", name: "acme/web", actions: ["pull", "push"] },
      { type: "repository", name: "acme/api", actions: ["pull"] },
      { type: "registry", name: "catalog", actions: ["*"] },
    ]);
  });

  it("keeps colons inside names out of the actions and drops malformed scopes", () => {
    expect(parseScopes(["repository(plugin):acme/x:pull", "nonsense", "repository::pull", "repository:acme/web:", ":acme:pull"])).toEqual([
      { type: "repository(plugin)", name: "acme/x", actions: ["pull"] },
    ]);
  });

  it("deduplicates actions", () => {
    expect(parseScopes(["repository:a/b:pull,pull,push"])[0]?.actions).toEqual(["pull", "push"]);
  });

  it("validates repository paths and finds the namespace", () => {
    expect(isRepositoryPath("acme/web-app/api_v2")).toBe(true);
    expect(isRepositoryPath("Acme/web")).toBe(false);
    expect(isRepositoryPath("acme//web")).toBe(false);
    expect(isRepositoryPath("../etc")).toBe(false);
    expect(namespaceOf("acme/web/api")).toBe("acme");
    expect(namespaceOf("busybox")).toBeNull();
  });
});
