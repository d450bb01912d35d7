/** A task as the agent's services.status reports it, for tests: shop_web's slot 1, pending placement unless told otherwise. */
import type { CommandResult } from "@/lib/protocol/commands";

export type StatusTask = CommandResult<"services.status">["tasks"][number];

export function statusTask(over: Partial<StatusTask> = {}): StatusTask {
  return {
    id: "t1",
    serviceId: "s1",
    serviceName: "shop_web",
    slot: 1,
    nodeId: null,
    state: "pending",
    desiredState: "running",
    message: "pending task scheduling",
    error: null,
    exitCode: null,
    containerId: null,
    image: "web:1",
    ports: [],
    createdAt: "2026-12-03T10:00:00Z",
    updatedAt: "2026-12-03T10:00:29Z",
    ...over,
  };
}
