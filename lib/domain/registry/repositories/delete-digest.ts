/**
 * Deletes one manifest from the registry and records it: a delete event per tag it carried and
 * one audit entry, in a transaction that commits only if the registry accepted the delete. Then
 * "image.delete" webhooks go out. Used by tag deletion (API) and retention runs (worker).
 */
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { deleteManifest } from "@/lib/drivers/registry/registry-client";
import type { Logger } from "@/lib/logger";
import { recordAudit } from "../../audit/record-audit";
import { forgetRegistryUsage } from "../../quotas/registry-usage";
import { enqueueWebhookDeliveries } from "../webhooks/enqueue-webhook-deliveries";

export type DeleteDigestOptions = {
  orgId: string;
  repository: { id: string; path: string };
  digest: string;
  tags: string[];
  actor: Actor;
  auditAction: string;
  log?: Logger;
};

export async function deleteDigest({ orgId, repository, digest, tags, actor, auditAction, log }: DeleteDigestOptions): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      for (const tag of tags.length ? tags : [null]) {
        await tx.registryEvent.create({
          data: { orgId, repositoryId: repository.id, action: "delete", tag, digest, actor: actor.label, eventId: `wharf-${randomUUID()}` },
        });
      }
      await recordAudit({
        db: tx,
        orgId,
        actor,
        action: auditAction,
        targetType: "repository",
        targetId: repository.id,
        details: { repository: repository.path, tags, digest },
      });
      await deleteManifest(repository.path, digest); // last: a refused delete rolls the records back
    },
    { timeout: 60_000 },
  );
  forgetRegistryUsage(orgId); // the storage quota sees the smaller size at the next push
  for (const tag of tags) {
    await enqueueWebhookDeliveries({
      orgId,
      event: "image.delete",
      data: { repository: repository.path, tag, digest, deletedBy: actor.label },
    }).catch((err: unknown) => log?.error({ err }, "could not queue image.delete webhooks; the webhook sweep retries"));
  }
}
