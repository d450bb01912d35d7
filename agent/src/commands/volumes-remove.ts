/**
 * volumes.remove (any node): remove this engine's volumes that carry all the given labels (an
 * application's named volumes). Each volume is tried: one in use is reported under `failed` with
 * Docker's reason and the others are still removed; a repeat finds nothing left. An empty label
 * set would match every volume on the machine, so it is refused.
 */
import { isDockerError } from "../docker/docker-error";
import { hasLabels, requireLabels } from "./label-match";
import type { CommandHandler } from "./types";

export const volumesRemove: CommandHandler<"volumes.remove"> = async (payload, context) => {
  const { docker, signal, log } = context;
  requireLabels("volumes.remove", payload.labels);
  const volumes = (await docker.listVolumes({ labels: payload.labels, signal }))
    .filter((volume) => hasLabels(volume.Labels, payload.labels))
    .sort((a, b) => a.Name.localeCompare(b.Name));
  const removed: string[] = [];
  const failed: Array<{ name: string; error: string }> = [];
  for (const volume of volumes) {
    try {
      // false: removed by someone else meanwhile, which is what we wanted
      if (await docker.removeVolume({ name: volume.Name, signal })) removed.push(volume.Name);
    } catch (error) {
      if (!isDockerError(error) || error.statusCode === null) throw error;
      failed.push({ name: volume.Name, error: error.detail });
    }
  }
  if (removed.length > 0 || failed.length > 0) log.info("volumes removed", { removed, failed: failed.map((f) => f.name) });
  return { removed, failed };
};
