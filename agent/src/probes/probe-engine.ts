/**
 * The engine calls the probe runner makes: one list of the running task containers that carry a
 * probe label per tick, one inspect per new container (when it started, its network mode), the
 * docker_gwbridge endpoints (where a task on an overlay network is reachable from the node), and
 * the kill of a container whose probe failed.
 */
import { PROBE_LABEL } from "@/lib/protocol/probe";
import { z } from "zod";
import { listedContainerSchema } from "../docker/engine-fields";
import { DockerError } from "../docker/docker-error";
import type { EngineConnection } from "../docker/engine-connection";
import { TASK_ID_LABEL } from "../docker/object-labels";

const probedContainerSchema = listedContainerSchema;
export type ProbedContainer = z.infer<typeof probedContainerSchema>;

const inspectSchema = z.object({
  State: z.object({ Running: z.boolean().nullish(), StartedAt: z.string().nullish() }).nullish(),
  HostConfig: z.object({ NetworkMode: z.string().nullish() }).nullish(),
  NetworkSettings: z
    .object({ Networks: z.record(z.string(), z.object({ IPAddress: z.string().nullish() }).nullish()).nullish() })
    .nullish(),
});
export type ContainerNetworkFacts = {
  /** When the container last started (ms since the epoch). */
  startedAt: number;
  networkMode: string;
  /** Network name → the container's IPv4 address on it ("" when none). */
  networks: Record<string, string>;
};

const gwbridgeSchema = z.object({
  Containers: z
    .record(z.string(), z.object({ IPv4Address: z.string().nullish() }))
    .nullish()
    .transform((v) => v ?? {}),
});

type Signal = { signal?: AbortSignal };

export type ProbeEngine = {
  /** Running task containers that declare a probe. */
  listProbedContainers(options?: Signal): Promise<ProbedContainer[]>;
  /** null when the container is gone or not running. */
  inspectContainer(id: string, options?: Signal): Promise<ContainerNetworkFacts | null>;
  /** Container id → its IPv4 address on docker_gwbridge (no CIDR); empty when the network does not exist. */
  gwbridgeAddresses(options?: Signal): Promise<Map<string, string>>;
  /** SIGKILL; a container already gone or stopped is not an error. */
  killContainer(id: string, options?: Signal): Promise<void>;
};

export function createProbeEngine({ call, callOr, callVoid, dial }: EngineConnection): ProbeEngine {
  const filters = JSON.stringify({ label: [TASK_ID_LABEL, PROBE_LABEL], status: ["running"] });
  return {
    listProbedContainers: ({ signal } = {}) =>
      call("container.list", null, probedContainerSchema.array(), () =>
        dial({ path: "/containers/json", method: "GET", query: { filters }, signal }),
      ),
    inspectContainer: async (id, { signal } = {}) => {
      const inspected = await callOr("container.inspect", id, inspectSchema, null, () =>
        dial({ path: `/containers/${encodeURIComponent(id)}/json`, method: "GET", signal }),
      );
      if (!inspected?.State?.Running) return null;
      const startedAt = Date.parse(inspected.State.StartedAt ?? "");
      const networks = Object.fromEntries(
        Object.entries(inspected.NetworkSettings?.Networks ?? {}).map(([name, n]) => [name, n?.IPAddress ?? ""]),
      );
      return {
        startedAt: Number.isFinite(startedAt) ? startedAt : Date.now(),
        networkMode: inspected.HostConfig?.NetworkMode ?? "",
        networks,
      };
    },
    gwbridgeAddresses: async ({ signal } = {}) => {
      const network = await callOr("network.inspect", "docker_gwbridge", gwbridgeSchema, null, () =>
        dial({ path: "/networks/docker_gwbridge", method: "GET", signal }),
      );
      const out = new Map<string, string>();
      for (const [id, endpoint] of Object.entries(network?.Containers ?? {})) {
        const address = endpoint.IPv4Address?.split("/")[0];
        if (address) out.set(id, address);
      }
      return out;
    },
    killContainer: async (id, { signal } = {}) => {
      try {
        await callVoid("container.kill", id, () =>
          dial({ path: `/containers/${encodeURIComponent(id)}/kill`, method: "POST", query: { signal: "SIGKILL" }, signal }),
        );
      } catch (error) {
        // 404: gone; 409: not running any more. Either way Swarm already sees the task end.
        if (error instanceof DockerError && (error.statusCode === 404 || error.statusCode === 409)) return;
        throw error;
      }
    },
  };
}

/**
 * Where the node reaches the container: loopback for a host-network task, its docker_gwbridge
 * endpoint for a task on overlay networks, its address on a local bridge network otherwise; null
 * when none (an overlay marked internal has no gateway endpoint: such a task cannot be probed from the node).
 */
export function probeAddress(facts: ContainerNetworkFacts, gwbridge: ReadonlyMap<string, string>, id: string): string | null {
  if (facts.networkMode === "host" || "host" in facts.networks) return "127.0.0.1";
  const gateway = gwbridge.get(id);
  if (gateway) return gateway;
  const bridged = facts.networks.bridge;
  return bridged ? bridged : null;
}
