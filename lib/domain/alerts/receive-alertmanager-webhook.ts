/**
 * Wharf's Alertmanager receiver (POST /api/alertmanager/webhook): Alertmanager posts each group's
 * alerts here with the bearer token ALERTMANAGER_WEBHOOK_TOKEN. Each alert is recorded (firing and
 * resolved history) and the rule's channels notified (record-alert.ts). Answering non-2xx makes
 * Alertmanager retry, so only a body that can never succeed is refused; alerts of unknown rules
 * are counted as ignored, not refused.
 */
import { z } from "zod";
import { safeEqual } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { enqueueNotificationDeliveries } from "../notifications/enqueue-notifications";
import { recordAlert, type RecordOutcome } from "./record-alert";

const labelsSchema = z.record(z.string().max(200), z.string().max(2000));
const alertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.string().max(64).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/, "must be Alertmanager's fingerprint"),
});

/** Alertmanager's webhook body (version 4). */
export const alertmanagerWebhookSchema = z.object({
  version: z.string().max(10),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().max(200),
  groupKey: z.string().max(5000).optional(),
  alerts: z.array(alertSchema).max(1000),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;

/** Constant-time comparison with the configured token; without one configured, nothing is accepted. */
export function assertReceiverToken(authorization: string | null): void {
  const token = env.ALERTMANAGER_WEBHOOK_TOKEN;
  if (!token) throw new AppError("UNAUTHENTICATED", "The Alertmanager receiver is off: ALERTMANAGER_WEBHOOK_TOKEN is not set");
  if (!authorization || !safeEqual(authorization, `Bearer ${token}`))
    throw new AppError("UNAUTHENTICATED", "Alertmanager notifications must carry the receiver's bearer token");
}

/** A zero time ("0001-01-01T00:00:00Z") means "no end" to Alertmanager. */
const endOf = (endsAt: string | undefined) => (endsAt && !endsAt.startsWith("0001-") && !Number.isNaN(Date.parse(endsAt)) ? endsAt : null);

export async function receiveAlertmanagerWebhook({ body, log }: { body: unknown; log?: Logger }) {
  const parsed = alertmanagerWebhookSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      "INVALID_INPUT",
      `Not an Alertmanager webhook body: ${first ? `${first.path.join(".")}: ${first.message}` : "invalid"}`,
    );
  }
  const counts: Record<RecordOutcome["result"], number> = { ignored: 0, recorded: 0, silenced: 0, notified: 0 };
  for (const alert of parsed.data.alerts) {
    const outcome = await recordAlert({ alert: { ...alert, endsAt: endOf(alert.endsAt) } });
    counts[outcome.result]++;
    await enqueueNotificationDeliveries(outcome.deliveryIds);
  }
  if (counts.ignored) log?.info({ ignored: counts.ignored }, "alerts of unknown rules ignored");
  return { ok: true as const, ...counts };
}
