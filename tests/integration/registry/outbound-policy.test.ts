/**
 * Issue 9, finding 5c (SSRF): outgoing webhooks and external registry "test connection" used to
 * reach loopback, private and link-local addresses, followed redirects, sent stored registry
 * credentials to whatever token realm a registry named, and kept a registry's password when its
 * host changed. The test environment allow-lists loopback only (OUTBOUND_ALLOW_CIDRS, as
 * scripts/test.sh sets it), so local receivers work while the runtime bridge address 10.77.0.1
 * (a private address this machine really has) stands for "the internal network".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { deliverWebhook } from "@/lib/domain/registry/webhooks/deliver-webhook";
import { ensureRuntimeBridge } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { signUp, uniqueEmail } from "../../support/integration/tenants";

type Listener = { url: string; host: string; hits: Array<{ path: string; authorization?: string }>; close: () => Promise<void> };

async function listen(
  address: string,
  handler: (req: http.IncomingMessage, res: http.ServerResponse, self: string) => void,
): Promise<Listener> {
  const hits: Listener["hits"] = [];
  let self = "";
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? "", authorization: req.headers.authorization });
    req.resume();
    handler(req, res, self);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  self = `${address}:${(server.address() as AddressInfo).port}`;
  return { url: `http://${self}/hook`, host: self, hits, close: () => new Promise((r) => server.close(() => r())) };
}
const ok = (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(204).end();

let orgId = "";
let cookie = "";
let bridge = "";
const opened: Listener[] = [];
const open = async (address: string, handler: Parameters<typeof listen>[1]) => {
  const l = await listen(address, handler);
  opened.push(l);
  return l;
};

beforeAll(async () => {
  bridge = await ensureRuntimeBridge();
  const owner = await signUp(uniqueEmail("ssrf-owner"), { organizationName: "Org finding 5c" });
  orgId = owner.me.activeOrganizationId;
  cookie = owner.cookie;
});
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
});

async function deliverTo(url: string) {
  const webhook = await prisma.webhook.create({
    data: { orgId, name: `hook-${opened.length}-${Date.now()}`, url, secretEnc: encryptSecret("whsec-test"), events: ["image.push"] },
  });
  const delivery = await prisma.webhookDelivery.create({
    data: { orgId, webhookId: webhook.id, event: "image.push", payload: { event: "image.push" } },
  });
  const outcome = await deliverWebhook({ deliveryId: delivery.id, attempt: 6, maxAttempts: 6 }).then(
    () => null,
    (e: Error) => e.message,
  );
  return { outcome, row: await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } }) };
}

describe("finding 5c: webhooks reach only allowed destinations", () => {
  it("a receiver on a private address (the runtime bridge) gets nothing", async () => {
    const internal = await open(bridge, ok);
    const { outcome, row } = await deliverTo(internal.url);
    expect(outcome ?? "delivered").toMatch(new RegExp(`could not deliver \\(${bridge.replace(/\./g, "\\.")} is a private network address`));
    expect(row).toMatchObject({ status: "FAILED", responseStatus: null, error: expect.stringContaining("OUTBOUND_ALLOW_CIDRS") });
    expect(internal.hits).toEqual([]);
  });

  it("the cloud metadata address is refused", async () => {
    const { outcome } = await deliverTo("http://169.254.169.254/latest/meta-data/");
    expect(outcome).toMatch(/169\.254\.169\.254 is a link-local address/);
  });

  it("a redirect is not followed; the failure names its Location", async () => {
    const target = await open("127.0.0.1", ok);
    const bouncer = await open("127.0.0.1", (_req, res) => res.writeHead(301, { location: target.url }).end());
    const { outcome, row } = await deliverTo(bouncer.url);
    expect(outcome).toContain(`answered 301 (a redirect to ${target.url}; redirects are not followed)`);
    expect(row.responseStatus).toBe(301);
    expect(target.hits).toEqual([]);
  });

  it("a loopback receiver, allow-listed by the installation, is delivered to", async () => {
    const local = await open("127.0.0.1", ok);
    const { outcome, row } = await deliverTo(local.url);
    expect(outcome).toBeNull();
    expect(row.status).toBe("SUCCEEDED");
    expect(local.hits).toHaveLength(1);
  });
});

type Ext = { id: string; host: string };
const createExternal = async (host: string, password = "stored-secret-1") => {
  const res = await call<Ext>("POST", "/api/v1/registry/external-registries", {
    cookie,
    body: { name: `ext-${Date.now()}-${opened.length}`, kind: "GENERIC", host, username: "user", password },
  });
  expect(res.status, res.text).toBe(201);
  return res.json;
};
const testConnection = async (id: string) =>
  (await call<{ ok: boolean; message: string }>("POST", `/api/v1/registry/external-registries/${id}/test`, { cookie })).json;

describe("finding 5c: external registry test connection", () => {
  it("a registry on a private address is not contacted", async () => {
    const internal = await open(bridge, (_req, res) => res.writeHead(200).end("{}"));
    const ext = await createExternal(internal.host);
    expect(await testConnection(ext.id)).toMatchObject({ ok: false, message: expect.stringMatching(/is a private network address/) });
    expect(internal.hits).toEqual([]);
  });

  it("stored credentials are not sent to a token realm on another host:port", async () => {
    const realm = await open("127.0.0.1", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"token":"t"}'));
    const registry = await open("127.0.0.1", (_req, res) =>
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://${realm.host}/token",service="x"` }).end(),
    );
    const ext = await createExternal(registry.host);
    const result = await testConnection(ext.id);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`token service on another host (${realm.host})`) });
    expect(realm.hits).toEqual([]);
    expect(registry.hits.every((h) => h.authorization === undefined)).toBe(true);
  });

  it("changing the host without entering the password again is refused with 422 naming the field", async () => {
    const ext = await createExternal("registry.example.test");
    const moved = await call<{ error: { code: string; details: Array<{ path: string; message: string }> } }>(
      "PATCH",
      `/api/v1/registry/external-registries/${ext.id}`,
      { cookie, body: { host: "evil.example.test" } },
    );
    expect(moved.status, moved.text).toBe(422);
    expect(moved.json.error.details).toEqual([
      expect.objectContaining({ path: "body.password", message: expect.stringMatching(/required when the host changes/) }),
    ]);
    expect((await prisma.externalRegistry.findUniqueOrThrow({ where: { id: ext.id } })).host).toBe("registry.example.test");
    const renamed = await call("PATCH", `/api/v1/registry/external-registries/${ext.id}`, {
      cookie,
      body: { name: "renamed-ext", host: "registry.example.test" },
    });
    expect(renamed.status, renamed.text).toBe(200);
    const withPassword = await call<Ext>("PATCH", `/api/v1/registry/external-registries/${ext.id}`, {
      cookie,
      body: { host: "other.example.test", password: "entered-again-1" },
    });
    expect(withPassword.status, withPassword.text).toBe(200);
    expect(withPassword.json.host).toBe("other.example.test");
  });
});
