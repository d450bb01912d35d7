import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call } from "../../support/integration/client";

describe("OpenAPI document", () => {
  it("describes every endpoint with its schemas", async () => {
    const res = await call<{ openapi: string; paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>> }>(
      "GET",
      "/api/v1/openapi.json",
    );
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    for (const e of ENDPOINTS) {
      const op = res.json.paths[`/api/v1${e.path}`]?.[e.method.toLowerCase()];
      expect(op?.operationId, `${e.method} ${e.path}`).toBe(e.id);
      if (e.body) expect(op?.requestBody, e.id).toBeDefined();
    }
  });

  it("unknown API paths answer in the error shape", async () => {
    const res = await call<{ error: { code: string } }>("GET", "/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
  });
});

describe("health", () => {
  it("reports database and Redis; without a worker it is degraded", async () => {
    const res = await call<{ status: string; database: { ok: boolean }; redis: { ok: boolean }; workers: { ok: boolean } }>(
      "GET",
      "/api/health",
    );
    expect(res.json.database.ok).toBe(true);
    expect(res.json.redis.ok).toBe(true);
    expect([200, 503]).toContain(res.status);
    expect(res.status === 200).toBe(res.json.status === "ok");
    if (!res.json.workers.ok) expect(res.status).toBe(503);
  });
});
