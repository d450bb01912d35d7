/**
 * task.stop (any node): stops the container of one Swarm task on this engine. Only containers the
 * swarm executor created carry the task label, so nothing else on the machine can be stopped.
 */
import { TASK_ID_LABEL } from "../docker/object-labels";
import type { CommandHandler } from "./types";

export const taskStop: CommandHandler<"task.stop"> = async (payload, context) => {
  const containers = await context.docker.listContainers({ signal: context.signal });
  const container = containers.find((c) => c.Labels[TASK_ID_LABEL] === payload.taskId && c.State === "running");
  if (!container) return { stopped: false };
  const stopped = await context.docker.stopContainer({ id: container.Id, timeoutSeconds: payload.timeoutSeconds, signal: context.signal });
  if (stopped) context.log.info("task container stopped", { taskId: payload.taskId, container: container.Id.slice(0, 12) });
  return { stopped };
};
