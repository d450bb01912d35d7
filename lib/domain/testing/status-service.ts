/** A service as the agent's services.status reports it, for tests: shop_web, one replica running unless told otherwise. */
import type { CommandResult } from "@/lib/protocol/commands";

export type StatusService = CommandResult<"services.status">["services"][number];

export function statusService(over: Partial<StatusService> = {}): StatusService {
  return {
    id: "s1",
    name: "shop_web",
    labels: {},
    image: "web:1",
    mode: "replicated",
    replicas: 1,
    runningTasks: 1,
    desiredTasks: 1,
    version: 1,
    updateStatus: null,
    spec: {},
    ...over,
  };
}
