/**
 * Sends one webhook delivery: POST of the JSON payload, signed (see sign-webhook.ts), with
 * X-Wharf-Event and X-Wharf-Delivery headers, 10 s timeout, to public addresses only (unless the
 * installation allows more), never following redirects. A 2xx answer marks it SUCCEEDED;
 * anything else records the attempt and throws so BullMQ retries with backoff, until the last
 * attempt marks it FAILED. The secret is decrypted only here and never logged.
 */
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { postToReceiver } from "@/lib/drivers/net/post-to-receiver";
import type { Logger } from "@/lib/logger";
import { attemptRecord } from "../../deliveries/attempt-record";
import { signWebhook } from "./sign-webhook";

export class WebhookAttemptFailed extends Error {}

export type DeliverWebhookOptions = { deliveryId: string; attempt: number; maxAttempts: number; log?: Logger };

export async function deliverWebhook({ deliveryId, attempt, maxAttempts, log }: DeliverWebhookOptions) {
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, event: true, payload: true, status: true, webhook: { select: { url: true, secretEnc: true, enabled: true } } },
  });
  if (!delivery || delivery.status !== "PENDING") return { skipped: true };
  if (!delivery.webhook.enabled) {
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "FAILED", error: "webhook disabled before delivery" },
    });
    return { skipped: true };
  }
  const body = JSON.stringify({ id: delivery.id, ...(delivery.payload as Record<string, unknown>) });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Wharf-Webhooks/1",
    "x-wharf-event": delivery.event,
    "x-wharf-delivery": delivery.id,
    "x-wharf-timestamp": String(timestamp),
    "x-wharf-signature": signWebhook(decryptSecret(delivery.webhook.secretEnc), timestamp, body),
  };
  const result = await postToReceiver(delivery.webhook.url, headers, body);
  const { ok, data } = attemptRecord({ answer: result, attempt, maxAttempts });
  await prisma.webhookDelivery.update({ where: { id: deliveryId }, data });
  if (!ok) {
    log?.warn({ deliveryId, attempt, status: result.status }, "webhook delivery failed");
    throw new WebhookAttemptFailed(`webhook delivery ${deliveryId} attempt ${attempt}/${maxAttempts}: ${result.error}`);
  }
  return { status: result.status, attempt };
}
