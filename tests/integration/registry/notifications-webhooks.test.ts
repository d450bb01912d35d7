/**
 * Registry notifications reach Wharf (shared secret, idempotent by event id) and become audit
 * entries and repository activity; pushes fan out to outgoing webhooks, signed with HMAC-SHA256,
 * retried with backoff by the worker until the receiver accepts, with a delivery log. The only
 * receivers are loopback servers this test starts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationSecret } from "@/lib/drivers/registry/settings";
import { deliverWebhook } from "@/lib/domain/registry/webhooks/deliver-webhook";
import { verifyWebhookSignature } from "@/lib/domain/registry/webhooks/sign-webhook";
import { prisma } from "@/lib/db";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { startWorker, stopProcess, waitFor, type Proc } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { CONSOLE_URL, ownerToken, pushSyntheticImage, waitForPushRecorded } from "../../support/registry/registry-http";

type Received = { at: number; headers: http.IncomingHttpHeaders; body: string };

/** A loopback webhook receiver that fails the first `failFirst` requests with 500. */
async function receiver(failFirst: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ at: Date.now(), headers: req.headers, body });
      res.writeHead(received.length <= failFirst ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/wharf`,
    close: () => new Promise((r) => server.close(r)),
  };
}

let t: Tenant;
let worker: Proc;
let hook: Awaited<ReturnType<typeof receiver>>;
let secret = "";
let webhookId = "";
const repo = () => `${t.slug}/hooked`;

beforeAll(async () => {
  t = await createTenant("hooks");
  hook = await receiver(2);
  worker = startWorker();
});

afterAll(async () => {
  await stopProcess(worker);
  await hook.close();
});

const postEvents = (body: unknown, authorization?: string) =>
  fetch(`${CONSOLE_URL}/api/registry/events`, {
    method: "POST",
    headers: { "content-type": "application/vnd.docker.distribution.events.v1+json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

describe("registry notifications and push webhooks", () => {
  it("creates a webhook whose secret is shown once", async () => {
    const created = await call<{ id: string; secret: string; events: string[] }>("POST", "/api/v1/registry/webhooks", {
      cookie: t.people.ADMIN.cookie,
      body: { name: "ci", url: hook.url, events: ["image.push"] },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.secret).toMatch(/^wharf_whsec_/);
    ({ id: webhookId, secret } = created.json);
    const list = await call("GET", "/api/v1/registry/webhooks", { cookie: t.people.ADMIN.cookie });
    expect(list.text).toContain(webhookId);
    expect(list.text).not.toContain(secret);
    const stored = await prisma.webhook.findUniqueOrThrow({ where: { id: webhookId }, select: { secretEnc: true } });
    expect(stored.secretEnc).not.toContain(secret);
  });

  it("a push is audited with the pusher as actor, shows in the activity and is delivered, signed, after two failures", async () => {
    const pushed = await pushSyntheticImage({ repository: repo(), tag: "v1", token: await ownerToken(t.tokens.OWNER.secret, repo()) });
    expect(pushed.status).toBe(201);
    await waitForPushRecorded(repo(), "v1");

    const audit = await testDb().query(
      `select "actorType", "actorLabel", "targetType", details from "AuditLog" where "orgId" = $1 and action = 'registry.push'`,
      [t.orgId],
    );
    expect(audit.rows).toEqual([
      {
        actorType: "API_TOKEN",
        actorLabel: "token:hooks-OWNER",
        targetType: "repository",
        details: { repository: repo(), tag: "v1", digest: pushed.digest },
      },
    ]);
    const repoRow = await prisma.repository.findUniqueOrThrow({ where: { path: repo() }, select: { id: true } });
    const events = await call<{ items: Array<{ action: string; tag: string; digest: string; actor: string }> }>(
      "GET",
      `/api/v1/registry/repositories/${repoRow.id}/events`,
      { token: t.tokens.VIEWER.secret },
    );
    expect(events.json.items).toEqual([
      expect.objectContaining({ action: "push", tag: "v1", digest: pushed.digest, actor: "token:hooks-OWNER" }),
    ]);

    await waitFor("webhook delivered on the third attempt", async () => hook.received.length >= 3, 30_000);
    const [first, second, third] = hook.received as [Received, Received, Received];
    expect(new Set(hook.received.map((r) => r.headers["x-wharf-delivery"])).size).toBe(1);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1_800); // backoff 2 s, then 4 s
    expect(third.at - second.at).toBeGreaterThanOrEqual(3_600);
    expect(third.headers["x-wharf-event"]).toBe("image.push");
    expect(
      verifyWebhookSignature({
        secret,
        timestamp: String(third.headers["x-wharf-timestamp"]),
        body: third.body,
        signature: String(third.headers["x-wharf-signature"]),
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: "wrong",
        timestamp: String(third.headers["x-wharf-timestamp"]),
        body: third.body,
        signature: String(third.headers["x-wharf-signature"]),
      }),
    ).toBe(false);
    const payload = JSON.parse(third.body) as { event: string; organization: { slug: string }; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      event: "image.push",
      organization: { slug: t.slug },
      data: { repository: repo(), tag: "v1", digest: pushed.digest, pushedBy: "token:hooks-OWNER" },
    });
    expect(String(payload.data.image)).toMatch(new RegExp(`/${repo()}:v1$`));

    const log = await waitFor("delivery log shows success", async () => {
      const res = await call<{ items: Array<{ status: string; attempts: number; responseStatus: number; event: string }> }>(
        "GET",
        `/api/v1/registry/webhooks/${webhookId}/deliveries`,
        { cookie: t.people.ADMIN.cookie },
      );
      return res.json.items[0]?.status === "SUCCEEDED" ? res.json.items : null;
    });
    expect(log).toEqual([expect.objectContaining({ status: "SUCCEEDED", attempts: 3, responseStatus: 200, event: "image.push" })]);
  });

  it("a redelivered notification is recorded once", async () => {
    const row = await prisma.registryEvent.findFirstOrThrow({
      where: { orgId: t.orgId, action: "push" },
      select: { eventId: true, digest: true },
    });
    const envelope = (id: string) => ({
      events: [
        {
          id,
          timestamp: new Date().toISOString(),
          action: "push",
          target: { mediaType: "application/vnd.docker.distribution.manifest.v2+json", digest: row.digest, repository: repo(), tag: "v1" },
          actor: { name: "token:nobody" },
        },
      ],
    });
    const auth = `Bearer ${notificationSecret()}`;
    const again = await postEvents(envelope(row.eventId), auth);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ recorded: 0 });
    const counts = await testDb().query(
      `select (select count(*)::int from "RegistryEvent" where "orgId" = $1) as events, (select count(*)::int from "AuditLog" where "orgId" = $1 and action = 'registry.push') as audits, (select count(*)::int from "WebhookDelivery" where "orgId" = $1) as deliveries`,
      [t.orgId],
    );
    expect(counts.rows[0]).toEqual({ events: 1, audits: 1, deliveries: 1 });
  });

  it("refuses notifications without the shared secret and records nothing", async () => {
    const body = {
      events: [
        {
          id: "forged-1",
          action: "push",
          target: {
            mediaType: "application/vnd.docker.distribution.manifest.v2+json",
            digest: "sha256:" + "0".repeat(64),
            repository: repo(),
            tag: "evil",
          },
        },
      ],
    };
    for (const auth of [undefined, "Bearer wrong", `Basic ${notificationSecret()}`]) {
      const res = await postEvents(body, auth);
      expect(res.status).toBe(401);
    }
    expect(await prisma.registryEvent.count({ where: { eventId: "forged-1" } })).toBe(0);
  });

  it("marks a delivery FAILED once its last attempt fails", async () => {
    const failing = await receiver(1000);
    try {
      const w = await prisma.webhook.create({
        data: {
          orgId: t.orgId,
          name: "down",
          url: failing.url,
          secretEnc: (await prisma.webhook.findUniqueOrThrow({ where: { id: webhookId } })).secretEnc,
          events: ["image.delete"],
        },
      });
      const d = await prisma.webhookDelivery.create({
        data: { orgId: t.orgId, webhookId: w.id, event: "image.delete", payload: { event: "image.delete" } },
      });
      await expect(deliverWebhook({ deliveryId: d.id, attempt: 6, maxAttempts: 6 })).rejects.toThrow(/answered 500/);
      expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
        status: "FAILED",
        attempts: 6,
        responseStatus: 500,
      });
    } finally {
      await failing.close();
    }
  });
});
