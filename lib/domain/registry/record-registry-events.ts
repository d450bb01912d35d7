/**
 * Registry notifications (POST /api/registry/events from Distribution). A tag push becomes a
 * RegistryEvent in the repository's activity and an audit entry whose actor is the token's
 * subject (the person or API token that pushed), then onImagePushed runs. Manifest deletes made
 * outside Wharf's API are recorded the same way. Each event is processed once: Distribution's
 * event id is unique in RegistryEvent, so redeliveries are skipped.
 */
import type { Actor } from "@/lib/auth/context";
import { safeEqual } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isManifest } from "@/lib/drivers/registry/manifests";
import { SYSTEM_SUBJECT } from "@/lib/drivers/registry/registry-client";
import { isRepositoryPath, namespaceOf } from "@/lib/drivers/registry/scopes";
import { notificationSecret } from "@/lib/drivers/registry/settings";
import type { Logger } from "@/lib/logger";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { forgetRegistryUsage } from "../quotas/registry-usage";
import { onImagePushed } from "./on-image-pushed";
import { enqueueWebhookDeliveries } from "./webhooks/enqueue-webhook-deliveries";

const eventSchema = z.object({
  id: z.string().min(1).max(200),
  timestamp: z.string().optional(),
  action: z.string(),
  target: z.object({
    mediaType: z.string().optional(),
    digest: z.string().max(200).optional(),
    repository: z.string().max(255),
    tag: z.string().max(128).optional(),
  }),
  actor: z.object({ name: z.string().max(200).optional() }).optional(),
  request: z.object({ useragent: z.string().optional() }).optional(),
});
type RegistryNotification = z.infer<typeof eventSchema>;

export const notificationEnvelopeSchema = z.object({ events: z.array(z.unknown()).max(1000) });

export function assertNotificationSecret(authorization: string | null): void {
  const expected = `Bearer ${notificationSecret()}`;
  if (!authorization || !safeEqual(authorization, expected))
    throw new AppError("UNAUTHENTICATED", "Registry notifications must carry the shared secret");
}

/** The token subject ("user:…", "token:…") as an audit actor. */
async function actorFor(subject: string | undefined, orgId: string, userAgent: string | null): Promise<Actor> {
  const base = { ip: null, userAgent };
  const [kind, id] = subject ? [subject.slice(0, subject.indexOf(":")), subject.slice(subject.indexOf(":") + 1)] : ["", ""];
  if (kind === "user" && id) {
    const user = await prisma.user.findUnique({ where: { id }, select: { email: true } });
    if (user) return { type: "USER", id, label: user.email, ...base };
  }
  if (kind === "token" && id) {
    const token = await prisma.apiToken.findFirst({ where: { id, orgId }, select: { name: true } });
    if (token) return { type: "API_TOKEN", id, label: `token:${token.name}`, ...base };
  }
  return { type: "SYSTEM", id: null, label: subject ? `registry:${subject}` : "registry", ...base };
}

type Recorded = { orgId: string; repository: string; tag: string | null; digest: string; actor: Actor; action: "push" | "delete" };

async function recordOne(e: RegistryNotification): Promise<Recorded | null> {
  const push = e.action === "push" && e.target.tag && isManifest(e.target.mediaType ?? "");
  const del = e.action === "delete" && e.actor?.name !== SYSTEM_SUBJECT; // Wharf records its own deletes
  if (!push && !del) return null;
  const path = e.target.repository;
  const ns = namespaceOf(path);
  if (!isRepositoryPath(path) || !ns || !e.target.digest) return null;
  const org = await prisma.organization.findUnique({ where: { slug: ns }, select: { id: true } });
  if (!org) return null;
  const at = e.timestamp && !Number.isNaN(Date.parse(e.timestamp)) ? new Date(e.timestamp) : new Date();
  const actor = await actorFor(e.actor?.name, org.id, e.request?.useragent?.slice(0, 300) ?? null);
  const action = push ? "push" : "delete";
  const tag = e.target.tag ?? null;
  const recorded = await prisma
    .$transaction(async (tx) => {
      if (await tx.registryEvent.findUnique({ where: { eventId: e.id }, select: { id: true } })) return false;
      const repo = await tx.repository.upsert({
        where: { path },
        create: { orgId: org.id, path, ...(push ? { lastPushAt: at } : {}) },
        update: push ? { lastPushAt: at } : {},
        select: { id: true },
      });
      await tx.registryEvent.create({
        data: {
          orgId: org.id,
          repositoryId: repo.id,
          action,
          tag,
          digest: e.target.digest,
          mediaType: e.target.mediaType ?? null,
          actor: actor.label,
          eventId: e.id,
          createdAt: at,
        },
      });
      await recordAudit({
        db: tx,
        orgId: org.id,
        actor,
        action: push ? "registry.push" : "registry.manifest-delete",
        targetType: "repository",
        targetId: repo.id,
        details: { repository: path, tag, digest: e.target.digest },
      });
      return true;
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") return false; // the same event, delivered twice at once
      throw error;
    });
  return recorded ? { orgId: org.id, repository: path, tag, digest: e.target.digest, actor, action } : null;
}

export async function recordRegistryEvents({ events, log }: { events: unknown[]; log?: Logger }): Promise<{ recorded: number }> {
  let recorded = 0;
  for (const raw of events) {
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) continue;
    const done = await recordOne(parsed.data);
    if (!done) continue;
    recorded++;
    forgetRegistryUsage(done.orgId); // the storage quota measures again at the next push
    try {
      if (done.action === "push" && done.tag)
        await onImagePushed({
          orgId: done.orgId,
          repository: done.repository,
          tag: done.tag,
          digest: done.digest,
          pushedBy: done.actor.label,
        });
      if (done.action === "delete")
        await enqueueWebhookDeliveries({
          orgId: done.orgId,
          event: "image.delete",
          data: { repository: done.repository, tag: done.tag, digest: done.digest, deletedBy: done.actor.label },
        });
    } catch (err) {
      log?.error({ err, eventId: parsed.data.id }, "after-push actions failed; the push itself is recorded");
    }
  }
  return { recorded };
}
