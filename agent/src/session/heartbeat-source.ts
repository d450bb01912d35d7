/**
 * Produces the data of each heartbeat: host usage from /proc and the engine's container counts.
 * If the engine does not answer, the last known container report is sent (the agent itself is
 * alive) and the failure is logged once until the engine recovers.
 */
import type { ContainerReport } from "@/lib/protocol";
import type { DockerClient } from "../docker/docker-client";
import type { Logger } from "../log/logger";
import { containerReport } from "./container-report";
import { createHostUsageSampler, type HostUsageSampler } from "./host-usage";
import type { HeartbeatData } from "./session";

export type HeartbeatSourceOptions = { docker: DockerClient; log: Logger; sampler?: HostUsageSampler };

export function createHeartbeatSource({
  docker,
  log,
  sampler = createHostUsageSampler(),
}: HeartbeatSourceOptions): () => Promise<HeartbeatData> {
  let containers: ContainerReport = { running: 0, total: 0, unhealthy: 0, services: {} };
  let engineDown = false;
  return async () => {
    const usage = await sampler.sample();
    try {
      containers = containerReport(await docker.listContainers());
      if (engineDown) log.info("Docker engine answers again");
      engineDown = false;
    } catch (error) {
      if (!engineDown) log.warn("cannot list containers; heartbeats carry the last known counts", { error });
      engineDown = true;
    }
    return { usage, containers };
  };
}
