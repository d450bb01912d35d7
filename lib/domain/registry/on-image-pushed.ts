/**
 * What happens after a tag push has been recorded (registry notification → audit entry +
 * RegistryEvent). Called once per push event (redelivered notifications are not repeated).
 *
 * `repository` is the full path in the registry, "<org-slug>/<name>"; the image reference is
 * `${registrySettings().publicHost}/${repository}:${tag}` (also reachable under any other
 * REGISTRY_LISTEN address). It sends the "image.push" webhooks and redeploys the services that
 * opted in to latest-image updates.
 */
import { registrySettings } from "@/lib/drivers/registry/settings";
import { redeployOnPush } from "../applications/redeploy-on-push";
import { enqueueWebhookDeliveries } from "./webhooks/enqueue-webhook-deliveries";

export type ImagePushed = {
  orgId: string;
  repository: string;
  tag: string;
  digest: string;
  /** Who pushed (e-mail or token:<name>), when known. */
  pushedBy?: string | null;
};

export async function onImagePushed({ orgId, repository, tag, digest, pushedBy = null }: ImagePushed): Promise<void> {
  const image = `${registrySettings().publicHost}/${repository}:${tag}`;
  await enqueueWebhookDeliveries({ orgId, event: "image.push", data: { repository, tag, digest, image, pushedBy } });
  await redeployOnPush({ orgId, repository, tag, hosts: registrySettings().hosts, pushedBy });
}
