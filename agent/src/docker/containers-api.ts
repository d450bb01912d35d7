/**
 * The Engine API calls the traffic layer makes on the agent's own engine: list the Swarm task
 * containers this node runs (with their published ports and health text), read a container's stop
 * signal, and follow the engine's container events. Kept apart from DockerClient because only the
 * task reporter needs them.
 */
import type { Readable } from "node:stream";
import { z } from "zod";
import { engineStringMap, engineText, listedContainerSchema } from "./engine-fields";
import type { EngineConnection } from "./engine-connection";
import { TASK_ID_LABEL } from "./object-labels";

export const containerPortSchema = z.object({
  IP: z.string().nullish(),
  PrivatePort: z.number().int(),
  /** Absent for exposed-but-unpublished ports. */
  PublicPort: z.number().int().nullish(),
  Type: z.string(),
});
export type ContainerPort = z.infer<typeof containerPortSchema>;

export const taskContainerSchema = listedContainerSchema.extend({
  /** "Up 3 seconds (health: starting)", "Up 2 minutes (healthy)", "Up 1 minute (Paused)"… */
  Status: engineText,
  Ports: z
    .array(containerPortSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type TaskContainer = z.infer<typeof taskContainerSchema>;

/** One line of GET /events (the fields the reporter reads; the rest is ignored). */
export const engineEventSchema = z.object({
  Type: z.string(),
  Action: z.string(),
  Actor: z.object({ ID: z.string(), Attributes: engineStringMap }),
});
export type EngineEvent = z.infer<typeof engineEventSchema>;

type Signal = { signal?: AbortSignal };
export type EventFilters = Record<string, string[]>;

export type ContainersApi = {
  /** Running (and paused) containers carrying the swarm task label. */
  listTaskContainers(options?: Signal): Promise<TaskContainer[]>;
  /** The container's configured stop signal ("SIGTERM" when it sets none); null when it is gone. */
  stopSignal(options: Signal & { id: string }): Promise<string | null>;
  /** The engine's event stream from now on (newline-delimited JSON), until aborted or broken. */
  openEvents(options: Signal & { filters: EventFilters }): Promise<Readable>;
};

const inspectSchema = z.object({ Config: z.object({ StopSignal: z.string().nullish() }).nullish() });
const readableSchema = z.custom<Readable>(
  (value) => typeof value === "object" && value !== null && typeof Reflect.get(value, "pipe") === "function",
);

export function createContainersApi(engine: EngineConnection): ContainersApi {
  const { call, callOr, dial, dialStream } = engine;
  return {
    listTaskContainers: ({ signal } = {}) =>
      call("container.list", null, taskContainerSchema.array(), () =>
        dial({ path: "/containers/json", method: "GET", query: { filters: JSON.stringify({ label: [TASK_ID_LABEL] }) }, signal }),
      ),
    stopSignal: async ({ id, signal }) => {
      const inspected = await callOr("container.inspect", id, inspectSchema, null, () =>
        dial({ path: `/containers/${encodeURIComponent(id)}/json`, method: "GET", signal }),
      );
      if (!inspected) return null;
      return inspected.Config?.StopSignal || "SIGTERM";
    },
    openEvents: ({ filters, signal }) =>
      call("events", null, readableSchema, () =>
        dialStream({ path: "/events", method: "GET", query: { filters: JSON.stringify(filters) }, signal }),
      ),
  };
}
