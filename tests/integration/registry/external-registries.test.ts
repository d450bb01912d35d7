/**
 * External registry credentials: stored encrypted, never returned or audited, "test connection"
 * does the real v2 handshake (against the local registry as a generic v2 registry, behind a
 * loopback front that serves its token endpoint on the same host:port — tests reach only
 * loopback), and registryAuthFor picks the right credentials for an image.
 */
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { registryAuthFor } from "@/lib/domain/registry/registry-auth-for";
import { ensureRuntimeBridge } from "../../support/runtime/docker-env";
import { sameHostRegistry, type SameHostRegistry } from "../../support/same-host-registry";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { CONSOLE_URL, REGISTRY_HOST, requestToken } from "../../support/registry/registry-http";

let t: Tenant;
let other: Tenant;
let front: SameHostRegistry;
/** The hosted registry as an external one sees it: token endpoint on its own host. */
const FRONT = () => front.host;
beforeAll(async () => {
  await ensureRuntimeBridge(); // the token realm lives on the bridge address
  [t, other] = [await createTenant("extreg"), await createTenant("extreg-other")];
  front = await sameHostRegistry({ registry: REGISTRY_HOST, tokenEndpoint: `${CONSOLE_URL}/api/registry/token` });
});
afterAll(async () => {
  await front.close();
});

type Ext = {
  id: string;
  name: string;
  kind: string;
  host: string;
  username: string;
  lastTestOk: boolean | null;
  lastTestError: string | null;
};

describe("external registries", () => {
  let localId = "";

  it("stores credentials encrypted and never returns the password", async () => {
    const created = await call<Ext>("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "local-as-generic", kind: "GENERIC", host: FRONT(), username: "token", password: t.tokens.VIEWER.secret },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.text).not.toContain(t.tokens.VIEWER.secret);
    expect(created.json).not.toHaveProperty("password");
    localId = created.json.id;
    const row = await prisma.externalRegistry.findUniqueOrThrow({ where: { id: localId } });
    expect(row.secretEnc).not.toContain(t.tokens.VIEWER.secret);
    expect(decryptSecret(row.secretEnc)).toBe(t.tokens.VIEWER.secret);
    const list = await call<{ items: Ext[] }>("GET", "/api/v1/registry/external-registries", { cookie: t.people.VIEWER.cookie });
    expect(list.json.items.map((x) => x.name)).toContain("local-as-generic");
    expect(list.text).not.toContain(t.tokens.VIEWER.secret);
    const dup = await call("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "local-as-generic", kind: "GENERIC", host: "x.example", username: "u", password: "p" },
    });
    expect(dup.status).toBe(409);
  });

  it("test connection signs in to the registry with the stored credentials", async () => {
    const ok = await call<{ ok: boolean; message: string }>("POST", `/api/v1/registry/external-registries/${localId}/test`, {
      cookie: t.people.ADMIN.cookie,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, message: `Signed in to ${FRONT()} as token` });
    expect(await prisma.externalRegistry.findUniqueOrThrow({ where: { id: localId } })).toMatchObject({
      lastTestOk: true,
      lastTestError: null,
    });
  });

  it("test connection reports a wrong password, and the new password is kept encrypted", async () => {
    const update = await call<Ext>("PATCH", `/api/v1/registry/external-registries/${localId}`, {
      cookie: t.people.ADMIN.cookie,
      body: { password: "definitely-wrong" },
    });
    expect(update.status, update.text).toBe(200);
    expect(update.text).not.toContain("definitely-wrong");
    const bad = await call<{ ok: boolean; message: string }>("POST", `/api/v1/registry/external-registries/${localId}/test`, {
      cookie: t.people.ADMIN.cookie,
    });
    expect(bad.json).toMatchObject({ ok: false, message: `${FRONT()} refused the credentials (wrong username or password/token)` });
    const list = await call<{ items: Ext[] }>("GET", "/api/v1/registry/external-registries", { cookie: t.people.VIEWER.cookie });
    expect(list.json.items.find((x) => x.id === localId)).toMatchObject({
      lastTestOk: false,
      lastTestError: expect.stringContaining("refused"),
    });
  });

  it("reports an unreachable host clearly", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve)); // nothing listens there any more
    const created = await call<Ext>("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "nothing-there", kind: "GENERIC", host: `127.0.0.1:${port}`, username: "u", password: "p" },
    });
    const res = await call<{ ok: boolean; message: string }>("POST", `/api/v1/registry/external-registries/${created.json.id}/test`, {
      cookie: t.people.ADMIN.cookie,
    });
    expect(res.json).toMatchObject({ ok: false, message: `Cannot reach http://127.0.0.1:${port}/v2/ (ECONNREFUSED)` });
  });

  it("never writes passwords into the audit log", async () => {
    const audit = await testDb().query(
      `select action, details::text as d from "AuditLog" where "orgId" = $1 and action like 'external-registry.%'`,
      [t.orgId],
    );
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(
      expect.arrayContaining(["external-registry.create", "external-registry.update", "external-registry.test"]),
    );
    const text = audit.rows.map((r: { d: string }) => r.d).join("\n");
    for (const secret of [t.tokens.VIEWER.secret, "definitely-wrong", t.registry.externalPassword]) expect(text).not.toContain(secret);
  });

  it("registryAuthFor: a pull credential for the organisation's own hosted images, nothing for others'", async () => {
    const own = await registryAuthFor({ orgId: t.orgId, image: `${REGISTRY_HOST}/${t.slug}/api:1.0` });
    expect(own).toMatchObject({ username: "wharf-pull", serveraddress: REGISTRY_HOST });
    const granted = await requestToken({
      username: own?.username ?? "",
      password: own?.password ?? "",
      scopes: [`repository:${t.slug}/api:pull,push`, `repository:${t.slug}/other:pull`],
    });
    expect(granted.access).toEqual([{ type: "repository", name: `${t.slug}/api`, actions: ["pull"] }]);
    expect(await registryAuthFor({ orgId: t.orgId, image: `${REGISTRY_HOST}/${other.slug}/api:1.0` })).toBeNull();
    // the credential of one organisation is worth nothing for another organisation's namespace
    const crossed = await requestToken({
      username: own?.username ?? "",
      password: own?.password ?? "",
      scopes: [`repository:${other.slug}/api:pull`],
    });
    expect(crossed.access).toEqual([]);
  });

  it("registryAuthFor: stored credentials for external hosts, Docker Hub included; none when nothing matches", async () => {
    await call("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "hub", kind: "DOCKER_HUB", host: "docker.io", username: "hubuser", password: "hub-secret-1" },
    });
    await call("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "ghcr", kind: "GHCR", host: "ghcr.io", username: "octo", password: "ghcr-secret-1" },
    });
    expect(await registryAuthFor({ orgId: t.orgId, image: "ghcr.io/acme/tool:2" })).toEqual({
      username: "octo",
      password: "ghcr-secret-1",
      serveraddress: "ghcr.io",
    });
    expect(await registryAuthFor({ orgId: t.orgId, image: "nginx:latest" })).toEqual({
      username: "hubuser",
      password: "hub-secret-1",
      serveraddress: "https://index.docker.io/v1/",
    });
    expect(await registryAuthFor({ orgId: t.orgId, image: "quay.io/x/y:1" })).toBeNull();
    expect(await registryAuthFor({ orgId: other.orgId, image: "ghcr.io/acme/tool:2" })).toBeNull();
  });

  it("deletes stored credentials", async () => {
    const res = await call("DELETE", `/api/v1/registry/external-registries/${localId}`, { cookie: t.people.ADMIN.cookie });
    expect(res.status).toBe(200);
    expect(await prisma.externalRegistry.count({ where: { id: localId } })).toBe(0);
  });
});
