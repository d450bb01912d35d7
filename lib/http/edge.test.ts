import { describe, expect, it } from "vitest";
import { EDGE_HEADERS, edgeResponse, edgeRewrite, edgeVerdict, pathOfTarget } from "./edge";

describe("edgeVerdict", () => {
  it("lets declared methods on known paths through (HEAD with GET, OPTIONS everywhere)", () => {
    expect(edgeVerdict("GET", "/api/v1/tokens")).toBeNull();
    expect(edgeVerdict("POST", "/api/v1/tokens")).toBeNull();
    expect(edgeVerdict("HEAD", "/api/v1/tokens")).toBeNull();
    expect(edgeVerdict("OPTIONS", "/api/v1/tokens")).toBeNull();
    expect(edgeVerdict("DELETE", "/api/v1/tokens/abc12345")).toBeNull();
    expect(edgeVerdict("GET", "/api/health")).toBeNull();
    expect(edgeVerdict("POST", "/api/registry/token")).toBeNull();
    expect(edgeVerdict("GET", "/dashboard")).toBeNull(); // pages are not the edge's business
  });

  it("finding 7: refuses malformed %-escapes in the path with 400", () => {
    for (const path of ["/api/v1/clusters/%zz", "/api/v1/clusters/%E0%A4%A", "/api/v1/%", "/api/v1/clusters/%ED%A0%80"]) {
      expect(edgeVerdict("GET", path), path).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    }
  });

  it("finding 7: answers unknown API paths with 404 and undeclared methods (TRACE too) with 405 and Allow", () => {
    expect(edgeVerdict("GET", "/api/v1")).toMatchObject({ status: 404 });
    expect(edgeVerdict("GET", "/api/nope")).toMatchObject({ status: 404 });
    expect(edgeVerdict("GET", "/api/v1/tokens/x/y")).toMatchObject({ status: 404 });
    expect(edgeVerdict("TRACE", "/api/v1/tokens")).toMatchObject({ status: 405, allow: ["GET", "POST", "HEAD", "OPTIONS"] });
    expect(edgeVerdict("PUT", "/api/v1/tokens")).toMatchObject({ status: 405 });
    expect(edgeVerdict("PROPFIND", "/api/health")).toMatchObject({ status: 405, allow: ["GET", "HEAD", "OPTIONS"] });
    // A literal segment wins over a parameter, as in Next.js routing.
    expect(edgeVerdict("GET", "/api/v1/applications/preview")).toMatchObject({ status: 405, allow: ["POST", "OPTIONS"] });
  });

  it("speaks Docker's error shape on the registry's endpoints", async () => {
    const res = edgeResponse(edgeVerdict("DELETE", "/api/registry/token")!);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(await res.json()).toEqual({ errors: [{ code: "UNSUPPORTED", message: expect.any(String) }] });
    const v1 = edgeResponse(edgeVerdict("GET", "/api/v1/nope")!);
    expect(v1.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await v1.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
  });
});

describe("edgeRewrite", () => {
  it("records the peer, marks what the edge answers and relabels methods a Request cannot carry", () => {
    expect(edgeRewrite({ method: "GET", target: "/api/v1/tokens?x=1", peer: "127.0.0.1" })).toEqual({
      method: "GET",
      headers: { [EDGE_HEADERS.peer]: "127.0.0.1" },
    });
    expect(edgeRewrite({ method: "TRACE", target: "/api/v1/tokens", peer: null })).toEqual({
      method: "OPTIONS",
      headers: { [EDGE_HEADERS.refused]: "TRACE" },
    });
    expect(edgeRewrite({ method: "TRACE", target: "/", peer: null })).toEqual({ method: "OPTIONS", headers: {} });
    expect(edgeRewrite({ method: "GET", target: "http://h:1/api/v1/%zz", peer: null }).headers[EDGE_HEADERS.refused]).toBe("GET");
  });

  it("takes the path out of any request target", () => {
    expect(pathOfTarget("/a/b?c=%zz#x")).toBe("/a/b");
    expect(pathOfTarget("http://host:3000/api/v1?x")).toBe("/api/v1");
    expect(pathOfTarget("http://host:3000")).toBe("/");
  });
});
