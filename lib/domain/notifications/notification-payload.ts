/**
 * What a notification says, stored on each delivery (the delivery log shows exactly what was sent)
 * and turned into each channel's format when it is sent (format-notification.ts).
 */
import { z } from "zod";
import { ALERT_RULE_KINDS, ALERT_SEVERITIES } from "@/lib/schemas/alerts";

export const notificationPayloadSchema = z.object({
  event: z.enum(["firing", "resolved", "test"]),
  organization: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  alert: z
    .object({
      id: z.string(),
      state: z.enum(["FIRING", "RESOLVED"]),
      summary: z.string(),
      labels: z.record(z.string(), z.string()),
      value: z.number().nullable(),
      startsAt: z.string(),
      endsAt: z.string().nullable(),
      rule: z.object({ id: z.string(), name: z.string(), kind: z.enum(ALERT_RULE_KINDS), severity: z.enum(ALERT_SEVERITIES) }),
    })
    .nullable(),
  /** The console page that shows it. */
  url: z.string(),
  sentAt: z.string(),
});
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;
