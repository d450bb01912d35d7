import { runAlertEvents } from "@/lib/domain/alerts/run-alert-events";
import { syncPrometheusRules } from "@/lib/domain/alerts/sync-prometheus-rules";
import { deliverNotification } from "@/lib/domain/notifications/deliver-notification";
import { sweepNotificationDeliveries } from "@/lib/domain/notifications/sweep-notification-deliveries";
import { alertEventsRaiseJob, alertRulesSyncJob, notificationDeliverJob, notificationSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const alertRulesSyncHandler = defineHandler(alertRulesSyncJob, ({ log }) => syncPrometheusRules({ log }), { record: false });

export const alertEventsRaiseHandler = defineHandler(alertEventsRaiseJob, ({ log }) => runAlertEvents({ log }), { record: false });

const backoff = notificationDeliverJob.options.backoff;
export const notificationDeliverHandler = defineHandler(notificationDeliverJob, ({ payload, attempt, log }) =>
  deliverNotification({
    deliveryId: payload.deliveryId,
    attempt,
    maxAttempts: notificationDeliverJob.options.attempts ?? 1,
    backoffMs: typeof backoff === "object" && backoff.delay ? backoff.delay : 2_000,
    log,
  }),
);

export const notificationSweepHandler = defineHandler(notificationSweepJob, () => sweepNotificationDeliveries(), { record: false });
