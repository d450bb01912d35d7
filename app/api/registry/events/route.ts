/**
 * Notification endpoint of the hosted registry (REGISTRY_NOTIFY_URL). Distribution posts event
 * envelopes here with the shared secret in Authorization; answering non-2xx makes it retry.
 */
import { AppError } from "@/lib/errors";
import { assertNotificationSecret, notificationEnvelopeSchema, recordRegistryEvents } from "@/lib/domain/registry/record-registry-events";
import { readTextBody } from "@/lib/http/read-body";
import { registryJson, registryRoute } from "@/lib/http/registry-route";
import { logger } from "@/lib/logger";

export const dynamic = "force-dynamic";

const LIMIT_BYTES = 4 * 1024 * 1024;

export const POST = registryRoute("registry.events", async (req) => {
  assertNotificationSecret(req.headers.get("authorization"));
  const text = await readTextBody(req, LIMIT_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "Notification body is not JSON");
  }
  const envelope = notificationEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new AppError("INVALID_INPUT", "Expected a Distribution event envelope {events: [...]}");
  const result = await recordRegistryEvents({ events: envelope.data.events, log: logger.child({ route: "registry.events" }) });
  return registryJson(result);
});
