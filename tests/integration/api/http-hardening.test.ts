/**
 * One test per cause of finding 7 and per HTTP-layer part of finding 6, through the real route
 * handlers (in-process; the test router applies the edge like the real server's hook and proxy.ts,
 * whose wiring e2e/api-edge.spec.ts checks against `next start`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EDGE_HEADERS, edgeRewrite } from "@/lib/http/edge";
import { errorSchema } from "@/lib/schemas/common";
import { call, ORIGIN, sessionFrom, type ApiResult } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { dispatch } from "../../support/integration/router";
import { createTenant, PASSWORD, signUp, uniqueEmail, type Tenant } from "../../support/integration/tenants";

// This file's own settings (restored afterwards): a trusted proxy network and small throttle limits.
const saved = vi.hoisted(() => {
  const values = {
    TRUSTED_PROXIES: "10.9.0.0/16",
    SIGNIN_MAX_ATTEMPTS: "3",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "8",
    SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: "6",
  };
  const before = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return before;
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("hardening");
});

const expectErrorShape = (res: ApiResult, status: number, code: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(errorSchema.parse(res.json).error.code).toBe(code);
};

/** A request as the edge hook hands it on (TRACE relabelled), with raw bytes allowed. */
async function raw(method: string, path: string, init: { headers?: Record<string, string>; body?: Uint8Array<ArrayBuffer> | string } = {}) {
  const rewrite = edgeRewrite({ method, target: path, peer: "203.0.113.7" });
  const res = await dispatch(
    new Request(`${ORIGIN}${path}`, {
      method: rewrite.method,
      headers: { host: "127.0.0.1:3000", ...rewrite.headers, ...init.headers },
      body: init.body,
    }),
  );
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json } as ApiResult;
}

const owner = () => ({ cookie: t.people.OWNER.cookie });

describe("finding 7: the five causes of 500s and the errors outside the error shape", () => {
  it("finding 7: malformed %-escape in the session cookie → 401", async () => {
    expectErrorShape(await call("GET", "/api/v1/me", { cookie: "wharf_session=%E0%A4%A" }), 401, "UNAUTHENTICATED");
    expectErrorShape(await call("GET", "/api/v1/clusters", { cookie: "theme=dark; wharf_session=%zz" }), 401, "UNAUTHENTICATED");
    // A public endpoint ignores it and does its job.
    expect(
      (
        await call("POST", "/api/v1/auth/sign-in", {
          cookie: "wharf_session=%",
          body: { email: t.people.VIEWER.email, password: PASSWORD },
        })
      ).status,
    ).toBe(200);
  });

  it("finding 7: malformed %-escape in a path segment → 400 in the error shape", async () => {
    for (const segment of ["%E0%A4%A", "%zz", "%", "%ED%A0%80"]) {
      expectErrorShape(await raw("GET", `/api/v1/clusters/${segment}`, { headers: { cookie: t.people.OWNER.cookie } }), 400, "BAD_REQUEST");
    }
    expectErrorShape(await raw("DELETE", `/api/v1/applications/${t.app.id}/services/%C0%80`), 400, "BAD_REQUEST");
  });

  it("finding 7: NUL character in any stored string → 422 INVALID_INPUT with the field path", async () => {
    const body = await call<{ error: { details: Array<{ path: string }> } }>("PATCH", `/api/v1/clusters/${t.cluster.id}`, {
      ...owner(),
      body: { description: "ok\u0000not" },
    });
    expectErrorShape(body, 422, "INVALID_INPUT");
    expect(body.json.error.details.map((d) => d.path)).toEqual(["body.description"]);
    const query = await call<{ error: { details: Array<{ path: string }> } }>("GET", "/api/v1/audit-logs?action=x%00y", owner());
    expectErrorShape(query, 422, "INVALID_INPUT");
    expect(query.json.error.details[0]?.path).toBe("query.action");
    const param = await call<{ error: { details: Array<{ path: string }> } }>("GET", "/api/v1/clusters/abc%00defgh", owner());
    expectErrorShape(param, 422, "INVALID_INPUT");
    expect(param.json.error.details[0]?.path).toBe("params.clusterId");
    const stored = await testDb().query('select description from "Cluster" where id = $1', [t.cluster.id]);
    expect(stored.rows[0].description).not.toContain("not");
  });

  it("finding 7: lone UTF-16 surrogate in a JSON string → 422 INVALID_INPUT with the field path", async () => {
    const res = await call<{ error: { details: Array<{ path: string }> } }>("PATCH", "/api/v1/organization", {
      ...owner(),
      rawBody: '{"name":"Org \\ud800 renamed"}',
    });
    expectErrorShape(res, 422, "INVALID_INPUT");
    expect(res.json.error.details[0]?.path).toBe("body.name");
    const labels = await call<{ error: { details: Array<{ path: string }> } }>("PATCH", `/api/v1/nodes/${t.node.id}`, {
      ...owner(),
      rawBody: '{"labels":{"zone":"\\udc00"}}',
    });
    expectErrorShape(labels, 422, "INVALID_INPUT");
    expect(labels.json.error.details[0]?.path).toBe("body.labels.zone");
  });

  it("finding 7: the TRACE method → 405 in the error shape with Allow", async () => {
    const res = await raw("TRACE", "/api/v1/clusters", { headers: { cookie: t.people.OWNER.cookie } });
    expectErrorShape(res, 405, "METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("finding 7: invalid UTF-8 in a JSON body → 400, nothing stored", async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"Org '), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
    const res = await raw("PATCH", "/api/v1/organization", {
      headers: { cookie: t.people.OWNER.cookie, origin: ORIGIN, "content-type": "application/json" },
      body: new Uint8Array(bytes),
    });
    expectErrorShape(res, 400, "INVALID_JSON");
    const org = await testDb().query('select name from "Organization" where id = $1', [t.orgId]);
    expect(org.rows[0].name).not.toContain("\ufffd");
  });

  it("finding 7: errors outside the error shape — undeclared methods get 405 with Allow, unknown /api paths 404 JSON", async () => {
    const put = await raw("PUT", "/api/v1/tokens", { headers: { cookie: t.people.OWNER.cookie } });
    expectErrorShape(put, 405, "METHOD_NOT_ALLOWED");
    expect(put.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    for (const path of ["/api/v1", "/api/nope", "/api/v1/tokens/x/y/z", "/api"]) expectErrorShape(await raw("GET", path), 404, "NOT_FOUND");
  });

  it("finding 7: X-Forwarded-Host does not pass the cross-site Origin check", async () => {
    const before = (await testDb().query('select name from "Organization" where id = $1', [t.orgId])).rows[0].name as string;
    const evil = await call("PATCH", "/api/v1/organization", {
      ...owner(),
      body: { name: "Pwned by evil" },
      headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
    });
    expectErrorShape(evil, 403, "FORBIDDEN");
    expect((await testDb().query('select name from "Organization" where id = $1', [t.orgId])).rows[0].name).toBe(before);
    // From a configured proxy, its X-Forwarded-Host names the console's public host (TLS offload).
    const proxied = await call("PATCH", "/api/v1/organization", {
      ...owner(),
      body: { name: before },
      headers: { origin: "https://wharf.example", "x-forwarded-host": "wharf.example", [EDGE_HEADERS.peer]: "10.9.0.5" },
    });
    expect(proxied.status, proxied.text).toBe(200);
    // The configured PUBLIC_URL is always our origin, whatever Host the request came in with.
    const publicOrigin = new URL(process.env.PUBLIC_URL || "http://127.0.0.1:3000").origin;
    expect(
      (
        await call("PATCH", "/api/v1/organization", {
          ...owner(),
          body: { name: before },
          headers: { host: "10.0.0.1:3000", origin: publicOrigin },
        })
      ).status,
    ).toBe(200);
  });
});

async function latestAuditIp(action: string) {
  const res = await testDb().query('select ip from "AuditLog" where "orgId" = $1 and action = $2 order by "createdAt" desc limit 1', [
    t.orgId,
    action,
  ]);
  return res.rows[0]?.ip as string | null | undefined;
}

describe("finding 6: the audit IP trusts X-Forwarded-For only from configured proxies", () => {
  it("a direct client's X-Forwarded-For is ignored: the peer is recorded", async () => {
    await call("POST", "/api/v1/tokens", {
      ...owner(),
      body: { name: "xff-direct", role: "VIEWER" },
      headers: { "x-forwarded-for": "1.2.3.4", "x-real-ip": "5.6.7.8" },
    });
    expect(await latestAuditIp("token.create")).toBe("203.0.113.7");
  });

  it("behind a configured proxy the client is the first untrusted address from the right", async () => {
    await call("POST", "/api/v1/tokens", {
      ...owner(),
      body: { name: "xff-proxied", role: "VIEWER" },
      headers: { [EDGE_HEADERS.peer]: "10.9.0.5", "x-forwarded-for": "6.6.6.6, 198.51.100.20, 10.9.3.3" },
    });
    expect(await latestAuditIp("token.create")).toBe("198.51.100.20");
  });
});

const signInFrom = (peer: string, email: string, password: string) =>
  call<{ error: { code: string } }>("POST", "/api/v1/auth/sign-in", { body: { email, password }, headers: { [EDGE_HEADERS.peer]: peer } });

describe("finding 6: the sign-in throttle is per address and per account, with backoff (limits 3 / 8 / 6 here)", () => {
  it("an attacker's address locked out does not lock the owner out from another address; 429 carries Retry-After", async () => {
    const email = uniqueEmail("victim");
    await signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await signInFrom("192.0.2.10", email, "wrong-password-123")).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const locked = await signInFrom("192.0.2.10", email, PASSWORD);
    expectErrorShape(locked, 429, "RATE_LIMITED");
    expect(Number(locked.headers.get("retry-after"))).toBe(1);
    expect((await signInFrom("192.0.2.11", email, PASSWORD)).status).toBe(200);
  });

  it("the backoff doubles with every further failure", async () => {
    const email = uniqueEmail("backoff");
    await signUp(email);
    for (let i = 0; i < 4; i++) await signInFrom("192.0.2.20", email, "wrong-password-123");
    expect((await signInFrom("192.0.2.20", email, "x-wrong")).headers.get("retry-after")).toBe("1");
    await new Promise((r) => setTimeout(r, 1100));
    expect((await signInFrom("192.0.2.20", email, "wrong-password-123")).status).toBe(401);
    expect((await signInFrom("192.0.2.20", email, "x-wrong")).headers.get("retry-after")).toBe("2");
  });

  it("many addresses against one account meet a short account-wide backoff", async () => {
    const email = uniqueEmail("distributed");
    await signUp(email);
    for (const peer of ["192.0.2.31", "192.0.2.32", "192.0.2.33"])
      for (let i = 0; i < 2; i++) await signInFrom(peer, email, "wrong-password-123");
    expect((await signInFrom("192.0.2.34", email, "wrong-password-123")).status).toBe(401); // the 7th failure: 1 s account-wide
    const owner = await signInFrom("192.0.2.35", email, PASSWORD);
    expectErrorShape(owner, 429, "RATE_LIMITED");
    expect(Number(owner.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await signInFrom("192.0.2.35", email, PASSWORD)).status).toBe(200);
  });

  it("one address spraying many accounts is stopped for the window", async () => {
    for (let i = 0; i < 8; i++) expect((await signInFrom("192.0.2.40", uniqueEmail("spray"), "wrong-password-123")).status).toBe(401);
    const stopped = await signInFrom("192.0.2.40", t.people.OWNER.email, PASSWORD);
    expectErrorShape(stopped, 429, "RATE_LIMITED");
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(800);
    expect((await signInFrom("192.0.2.41", t.people.OWNER.email, PASSWORD)).status).toBe(200);
  });

  it("docker login shares the throttle and gets Retry-After too", async () => {
    const email = uniqueEmail("docker");
    await signUp(email);
    for (let i = 0; i < 4; i++) await signInFrom("192.0.2.50", email, "wrong-password-123");
    const basic = (password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
    const refused = await call<{ errors: Array<{ code: string }> }>("GET", "/api/registry/token?service=wharf-registry", {
      headers: { authorization: basic(PASSWORD), [EDGE_HEADERS.peer]: "192.0.2.50" },
    });
    expect(refused.status).toBe(429);
    expect(refused.json.errors[0]?.code).toBe("TOOMANYREQUESTS");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const elsewhere = await call("GET", "/api/registry/token?service=wharf-registry", {
      headers: { authorization: basic(PASSWORD), [EDGE_HEADERS.peer]: "192.0.2.51" },
    });
    expect(elsewhere.status, elsewhere.text).toBe(200);
  });

  it("a sign-in after lockout elsewhere still makes a working session", async () => {
    const res = await signInFrom("192.0.2.60", t.people.ADMIN.email, PASSWORD);
    expect((await call("GET", "/api/v1/me", { cookie: sessionFrom(res) })).status).toBe(200);
  });
});
