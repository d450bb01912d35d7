// The Docker client on the wire: a stand-in engine on a unix socket records each request (method,
// path, query, headers, body), so the exact Engine API calls are checked — in particular that
// service create/update go without an old API version prefix (below 1.30 the engine would resolve
// the image's digest, i.e. ask Docker Hub) and that credentials travel only in X-Registry-Auth.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerClient, type DockerClient } from "./docker-client";
import { isDockerError } from "./docker-error";
import { encodeRegistryAuth } from "./services-api";

type Recorded = { method: string; path: string; query: Record<string, string>; headers: http.IncomingHttpHeaders; body: unknown };
type Reply = { status: number; body?: unknown; raw?: string };

let dir: string;
let server: http.Server;
let docker: DockerClient;
const requests: Recorded[] = [];
let replies: Reply[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-engine-"));
  const socketPath = path.join(dir, "docker.sock");
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://engine");
      requests.push({
        method: req.method ?? "",
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const reply = replies.shift() ?? { status: 200, body: {} };
      res.writeHead(reply.status, { "content-type": reply.raw === undefined ? "application/json" : "application/vnd.docker.raw-stream" });
      res.end(reply.raw ?? JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  docker = createDockerClient(socketPath);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function exchange(...next: Reply[]): Recorded[] {
  requests.length = 0;
  replies = next;
  return requests;
}

const auth = { username: "ci", password: "s3cret/+", serveraddress: "10.77.0.1:5000" };
const spec = { Name: "web", Labels: { a: "b" }, TaskTemplate: { ContainerSpec: { Image: "wharf-test/node-app:1" } } };

describe("docker client on the wire", () => {
  it("creates a service with exactly the spec: no API version prefix, no query, auth only in X-Registry-Auth", async () => {
    const seen = exchange({ status: 201, body: { ID: "svc1", Warnings: null } });
    expect(await docker.createService({ spec })).toEqual({ id: "svc1", warnings: [] });
    expect(seen[0]).toMatchObject({ method: "POST", path: "/services/create", query: {}, body: spec });
    expect(seen[0]?.headers.version).toBeUndefined();
    expect(seen[0]?.headers["x-registry-auth"]).toBeUndefined();

    exchange({ status: 201, body: { ID: "svc2", Warnings: ["careful"] } });
    expect(await docker.createService({ spec, registryAuth: auth })).toEqual({ id: "svc2", warnings: ["careful"] });
    const header = String(requests[0]?.headers["x-registry-auth"]);
    expect(header).toBe(encodeRegistryAuth(auth));
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual(auth);
    expect(JSON.stringify(requests[0]?.body)).not.toContain("s3cret");
  });

  it("updates on a version, with the spec as the body", async () => {
    const seen = exchange({ status: 200, body: { Warnings: null } });
    expect(await docker.updateService({ id: "svc1", version: 12, spec })).toEqual({ warnings: [] });
    expect(seen[0]).toMatchObject({ method: "POST", path: "/services/svc1/update", query: { version: "12" }, body: spec });
    expect(seen[0]?.headers.version).toBeUndefined();
  });

  it("asks the registry for a digest only through /distribution, with the credentials", async () => {
    const seen = exchange({ status: 200, body: { Descriptor: { digest: `sha256:${"c".repeat(64)}`, size: 1 }, Platforms: [] } });
    expect(await docker.resolveImageDigest({ image: "10.77.0.1:5000/app:1", registryAuth: auth })).toBe(`sha256:${"c".repeat(64)}`);
    expect(seen[0]).toMatchObject({ method: "GET", path: "/distribution/10.77.0.1:5000/app:1/json" });
    expect(seen[0]?.headers["x-registry-auth"]).toBe(encodeRegistryAuth(auth));
  });

  it("filters lists by name and labels", async () => {
    const seen = exchange({ status: 200, body: [] }, { status: 200, body: { Volumes: null, Warnings: null } }, { status: 200, body: [] });
    await docker.listServices({ name: "web", labels: { "wharf.app": "shop", tier: "web" } });
    await docker.listVolumes({ labels: { "wharf.app": "shop" } });
    expect(await docker.listTasks({ serviceIds: [] })).toEqual([]);
    await docker.listTasks({ serviceIds: ["s1", "s2"] });
    expect(seen.map((r) => [r.path, JSON.parse(r.query.filters ?? "{}")])).toEqual([
      ["/services", { name: ["web"], label: ["wharf.app=shop", "tier=web"] }],
      ["/volumes", { label: ["wharf.app=shop"] }],
      ["/tasks", { service: ["s1", "s2"] }],
    ]);
  });

  it("answers false for an object already gone (404, or the swarm's 500 'not found') and throws other refusals", async () => {
    exchange(
      { status: 204, raw: "" },
      { status: 404, body: { message: "network x not found" } },
      { status: 500, body: { message: "network x not found" } },
    );
    expect(await docker.removeNetwork({ id: "x" })).toBe(true);
    expect(await docker.removeNetwork({ id: "x" })).toBe(false);
    expect(await docker.removeNetwork({ id: "x" })).toBe(false);
    exchange({ status: 409, body: { message: "remove v: volume is in use - [abc]" } });
    const error = await docker.removeVolume({ name: "v" }).catch((caught: unknown) => caught);
    expect(isDockerError(error, 409) && error.detail).toBe("remove v: volume is in use - [abc]");
    exchange({ status: 404, body: { message: "service nope not found" } });
    expect(await docker.inspectService({ id: "nope" })).toBeNull();
  });

  it("creates secrets with the data only in the body", async () => {
    const seen = exchange({ status: 201, body: { ID: "sec1" } });
    expect(await docker.createSwarmObject({ kind: "secret", name: "pw", dataBase64: "aGk=", labels: { a: "b" } })).toBe("sec1");
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: "/secrets/create",
      query: {},
      body: { Name: "pw", Labels: { a: "b" }, Data: "aGk=" },
    });
  });

  it("opens a service's logs as a stream with timestamps and details", async () => {
    const seen = exchange({ status: 200, raw: "raw log bytes" });
    const stream = await docker.openServiceLogs({ id: "svc1", tail: 5, follow: false });
    let text = "";
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe("raw log bytes");
    expect(seen[0]).toMatchObject({
      method: "GET",
      path: "/services/svc1/logs",
      query: { stdout: "true", stderr: "true", timestamps: "true", details: "true", tail: "5", follow: "false" },
    });
  });
});
