import { deliverWebhook } from "@/lib/domain/registry/webhooks/deliver-webhook";
import { sweepWebhookDeliveries } from "@/lib/domain/registry/webhooks/sweep-webhook-deliveries";
import { webhookDeliverJob, webhookSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const webhookDeliverHandler = defineHandler(webhookDeliverJob, ({ payload, attempt, log }) =>
  deliverWebhook({ deliveryId: payload.deliveryId, attempt, maxAttempts: webhookDeliverJob.options.attempts ?? 1, log }),
);

export const webhookSweepHandler = defineHandler(webhookSweepJob, () => sweepWebhookDeliveries(), { record: false });
