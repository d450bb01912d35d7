/**
 * The Engine API calls of log collection: list the containers that declare log stores (one call
 * per discovery), inspect one when first seen (main pid, TTY), follow a container's log with
 * timestamps, and the container events that make discovery run at once.
 */
import type { Readable } from "node:stream";
import { z } from "zod";
import { listedContainerSchema } from "../docker/engine-fields";
import { LOG_STORES_LABEL } from "@/lib/protocol/logs";
import { createContainersApi, type EventFilters } from "../docker/containers-api";
import type { EngineConnection } from "../docker/engine-connection";

const logContainerSchema = listedContainerSchema;
export type LogContainer = z.infer<typeof logContainerSchema>;

const inspectSchema = z.object({
  State: z.object({ Pid: z.number().int().nullish(), Running: z.boolean().nullish() }).nullish(),
  Config: z.object({ Tty: z.boolean().nullish() }).nullish(),
});
export type LogContainerDetails = { pid: number | null; running: boolean; tty: boolean };

export type OpenLogsOptions = { id: string; follow: boolean; since: string | null; signal: AbortSignal };

/** The container events after which the set of followed containers may change. */
export const LOG_CONTAINER_EVENTS = ["start", "die", "destroy"] as const;

export type LogsEngine = {
  /** Every container (all states) carrying LOG_STORES_LABEL. */
  listLogContainers(options?: { signal?: AbortSignal }): Promise<LogContainer[]>;
  /** null when the container is gone. */
  inspect(id: string): Promise<LogContainerDetails | null>;
  /** stdout and stderr, each message prefixed with its RFC 3339 timestamp; multiplexed unless the container has a TTY. */
  openLogs(options: OpenLogsOptions): Promise<Readable>;
  openEvents(options: { filters: EventFilters; signal: AbortSignal }): Promise<Readable>;
};

export function createLogsEngine(engine: EngineConnection): LogsEngine {
  const { call, callOr, dial, dialStream } = engine;
  const containers = createContainersApi(engine);
  const filters = JSON.stringify({ label: [LOG_STORES_LABEL] });
  return {
    listLogContainers: ({ signal } = {}) =>
      call("container.list", null, logContainerSchema.array(), () =>
        dial({ path: "/containers/json", method: "GET", query: { all: true, filters }, signal }),
      ),
    inspect: async (id) => {
      const inspected = await callOr("container.inspect", id, inspectSchema, null, () =>
        dial({ path: `/containers/${encodeURIComponent(id)}/json`, method: "GET" }),
      );
      if (!inspected) return null;
      const pid = inspected.State?.Pid ?? 0;
      return { pid: pid > 0 ? pid : null, running: inspected.State?.Running === true, tty: inspected.Config?.Tty === true };
    },
    openLogs: async ({ id, follow, since, signal }) => {
      const query: Record<string, string | number | boolean> = { stdout: true, stderr: true, timestamps: true, follow };
      if (since) query.since = since;
      try {
        return await dialStream({ path: `/containers/${encodeURIComponent(id)}/logs`, method: "GET", query, signal });
      } catch (error) {
        // through call() for the DockerError with the engine's message (e.g. a driver that cannot be read)
        return call("container.logs", id, z.never(), () => Promise.reject(error));
      }
    },
    openEvents: ({ filters: eventFilters, signal }) => containers.openEvents({ filters: eventFilters, signal }),
  };
}
