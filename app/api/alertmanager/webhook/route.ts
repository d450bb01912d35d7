/**
 * Wharf's Alertmanager receiver (scripts/alertmanager/config.ts points Alertmanager here). Outside
 * the session and API-token auth: Alertmanager authenticates with ALERTMANAGER_WEBHOOK_TOKEN.
 */
import { assertReceiverToken, receiveAlertmanagerWebhook } from "@/lib/domain/alerts/receive-alertmanager-webhook";
import { receiverRoute } from "@/lib/http/receiver-route";

export const dynamic = "force-dynamic";

export const POST = receiverRoute("alertmanager.webhook", 4 * 1024 * 1024, async ({ req, log, readJson }) => {
  assertReceiverToken(req.headers.get("authorization"));
  return receiveAlertmanagerWebhook({ body: await readJson(), log });
});
