/**
 * The engine calls the metrics collector makes: ONE list per interval of every container (running
 * or not) that belongs to a Wharf service — a Swarm task container carrying the `wharf.app` label
 * of its ContainerSpec — and, only for a container whose cgroup is not where Docker usually puts
 * it, one inspect for its main process id.
 */
import { z } from "zod";
import { engineText, listedContainerSchema } from "../docker/engine-fields";
import { APP_LABEL, TASK_ID_LABEL } from "../docker/object-labels";
import type { EngineConnection } from "../docker/engine-connection";

const serviceContainerSchema = listedContainerSchema.extend({
  /** sha256 of the image the container runs (restarts compare it: an update that changes the image is not a restart). */
  ImageID: engineText,
  /** "Up 2 minutes (healthy)", "Exited (137) 5 minutes ago"… */
  Status: engineText,
});
export type ServiceContainer = z.infer<typeof serviceContainerSchema>;

const inspectPidSchema = z.object({ State: z.object({ Pid: z.number().int().nullish() }).nullish() });

type Signal = { signal?: AbortSignal };

export type MetricsEngine = {
  /** Every container (all states) with the task label and `wharf.app`. */
  listServiceContainers(options?: Signal): Promise<ServiceContainer[]>;
  /** The container's main process id; null when it is gone or not running. */
  containerPid(id: string, options?: Signal): Promise<number | null>;
};

export function createMetricsEngine({ call, callOr, dial }: EngineConnection): MetricsEngine {
  // label filters are ANDed by the engine; size stays off (it walks every layer)
  const filters = JSON.stringify({ label: [TASK_ID_LABEL, APP_LABEL] });
  return {
    listServiceContainers: ({ signal } = {}) =>
      call("container.list", null, serviceContainerSchema.array(), () =>
        dial({ path: "/containers/json", method: "GET", query: { all: true, filters }, signal }),
      ),
    containerPid: async (id, { signal } = {}) => {
      const inspected = await callOr("container.inspect", id, inspectPidSchema, null, () =>
        dial({ path: `/containers/${encodeURIComponent(id)}/json`, method: "GET", signal }),
      );
      const pid = inspected?.State?.Pid;
      return pid && pid > 0 ? pid : null;
    },
  };
}
