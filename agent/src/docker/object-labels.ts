/**
 * The container labels the agent reads, in one place. The swarm executor sets com.docker.swarm.* on
 * every task container; Wharf's compiler puts wharf.app / wharf.service on each service's
 * ContainerSpec (the keys come from lib/protocol/object-labels.ts, which the compiler uses too).
 */
import { OBJECT_LABELS } from "@/lib/protocol/object-labels";

/** Present on every container the swarm executor creates for a task. */
export const TASK_ID_LABEL = "com.docker.swarm.task.id";
export const TASK_SERVICE_LABEL = "com.docker.swarm.service.name";
/** "<swarm service>.<slot or node id>.<task id>" */
export const TASK_NAME_LABEL = "com.docker.swarm.task.name";
/** The compose file's application and service names. */
export const APP_LABEL = OBJECT_LABELS.app;
export const SERVICE_LABEL = OBJECT_LABELS.service;
