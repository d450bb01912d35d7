/**
 * Finding 7 (and the header parts of finding 6) against the real `next start`: what happens before
 * a route handler runs — malformed %-escapes in path segments (Next.js answered a plain-text 500),
 * TRACE (a 500) and other undeclared methods (an empty 405), unknown /api paths (an HTML 404),
 * the session cookie, forwarded headers and the edge hook's own header. Requests are sent with
 * node:http so paths and methods go out exactly as written. Every operation of the served OpenAPI
 * document is covered, so new endpoints are too.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";
import { uniqueEmail } from "./support/unique";

type Raw = { status: number; headers: http.IncomingHttpHeaders; text: string; json: unknown };

const BASE = new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000");

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: BASE.hostname,
        port: BASE.port,
        method,
        path,
        headers: { ...headers, ...(body ? { "content-length": String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(body);
  });
}

/** Status, JSON content type and the one error shape; returns the error code. */
function errorCode(res: Raw, what: string): string {
  expect(res.headers["content-type"] ?? "", `${what}: content type (${res.status} ${res.text.slice(0, 120)})`).toMatch(
    /^application\/json/,
  );
  const code = (res.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expect(typeof code?.code === "string" && typeof code.message === "string", `${what}: error shape ${res.text.slice(0, 120)}`).toBe(true);
  return String(code?.code);
}

type Doc = { paths: Record<string, Record<string, { operationId: string }>> };

test("finding 7: every OpenAPI path answers malformed %-escapes, TRACE and undeclared methods in the error shape", async () => {
  const doc = (await raw("GET", "/api/v1/openapi.json")).json as Doc;
  const paths = Object.entries(doc.paths);
  expect(paths.length).toBeGreaterThan(40);
  let sent = 0;
  for (const [template, ops] of paths) {
    const declared = Object.keys(ops).map((m) => m.toUpperCase());
    const filled = (value: string) => template.replace(/\{\w+\}/g, value);
    if (template.includes("{")) {
      for (const bad of ["%E0%A4%A", "%zz", "%", "%ED%A0%80"]) {
        for (const method of declared) {
          const res = await raw(method, filled(bad), { "content-type": "application/json" }, method === "GET" ? undefined : "{}");
          sent++;
          expect(res.status, `${method} ${filled(bad)}: ${res.text.slice(0, 120)}`).toBe(400);
          expect(errorCode(res, `${method} ${filled(bad)}`)).toBe("BAD_REQUEST");
        }
      }
    }
    const path = filled("abcdefgh12345678");
    for (const method of ["TRACE", "PROPFIND", ...["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !declared.includes(m))]) {
      const res = await raw(method, path);
      sent++;
      expect(res.status, `${method} ${path}: ${res.text.slice(0, 120)}`).toBe(405);
      expect(errorCode(res, `${method} ${path}`)).toBe("METHOD_NOT_ALLOWED");
      expect(res.headers.allow, `${method} ${path}: Allow`).toContain(declared[0]);
    }
  }
  expect(sent).toBeGreaterThan(200);
});

test("finding 7: unknown /api paths answer 404 in the error shape; HEAD and OPTIONS still work", async () => {
  for (const path of ["/api", "/api/v1", "/api/nope", "/api/v1/no-such-thing/x", "/api/registry/nope"]) {
    const res = await raw("GET", path);
    expect(res.status, path).toBe(404);
    expect(res.headers["content-type"], path).toMatch(/^application\/json/);
  }
  expect((await raw("HEAD", "/api/v1/openapi.json")).status).toBe(200);
  const options = await raw("OPTIONS", "/api/v1/tokens");
  expect(options.status).toBe(204);
  expect(options.headers.allow).toContain("POST");
  // Pages are untouched (and TRACE on a page no longer crashes them: a 4xx from Next.js).
  expect((await raw("GET", "/sign-in")).status).toBe(200);
  expect((await raw("TRACE", "/sign-in")).status).toBeLessThan(500);
});

test("finding 7: malformed %-escape in the session cookie → 401; pages with it still render", async () => {
  const res = await raw("GET", "/api/v1/me", { cookie: "wharf_session=%E0%A4%A" });
  expect(res.status).toBe(401);
  expect(errorCode(res, "cookie")).toBe("UNAUTHENTICATED");
  expect((await raw("GET", "/sign-in", { cookie: "wharf_session=%E0%A4%A" })).status).toBe(200);
  expect((await raw("GET", "/dashboard", { cookie: "wharf_session=%E0%A4%A" })).status).toBeLessThan(500);
});

test("finding 7 and 6: forwarded headers and the edge hook's header are not believed from a direct client", async ({ request }) => {
  const origin = BASE.origin;
  const spoof = { "x-forwarded-for": "7.7.7.7", "x-real-ip": "8.8.8.8", "x-wharf-peer": "6.6.6.6" };
  const signUp = await request.post("/api/v1/auth/sign-up", {
    data: { email: uniqueEmail("edge"), name: "Edge", password: "a-long-enough-password" },
    headers: { origin, ...spoof },
  });
  expect(signUp.status()).toBe(201);
  // X-Forwarded-Host does not pass the Origin check (the cookie request came from evil.example).
  const evil = await request.patch("/api/v1/organization", {
    data: { name: "Pwned" },
    headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
  });
  expect(evil.status()).toBe(403);
  expect((await request.get("/api/v1/organization")).ok()).toBe(true);
  const token = await request.post("/api/v1/tokens", { data: { name: "edge", role: "VIEWER" }, headers: { origin, ...spoof } });
  expect(token.status()).toBe(201);
  const log = (await (await request.get("/api/v1/audit-logs?action=token.create")).json()) as { items: Array<{ ip: string | null }> };
  expect(log.items[0]?.ip).toBe("127.0.0.1");
});

test("finding 7: a body over the limit is refused in the error shape (the edge does not buffer it)", async () => {
  const res = await raw(
    "POST",
    "/api/v1/auth/sign-in",
    { "content-type": "application/json", origin: BASE.origin },
    JSON.stringify({ email: "x@example.test", password: "p".repeat(2 * 1024 * 1024) }),
  );
  expect(res.status).toBe(413);
  expect(errorCode(res, "too large")).toBe("PAYLOAD_TOO_LARGE");
});
