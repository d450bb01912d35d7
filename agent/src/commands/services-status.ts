/**
 * services.status (manager only): the services carrying all the given labels, with their task
 * counts, update status and spec, plus the latest tasks of each slot. Counts follow
 * `docker service ls`: running = tasks meant to run (desired state running) that are running.
 */
import type { ServiceStatus } from "@/lib/protocol";
import { readSpec } from "@/lib/protocol/read-spec";
import type { SwarmService, SwarmTask } from "../docker/app-schemas";
import { hasLabels } from "./label-match";
import { viewSpec } from "./service-spec-view";
import { latestTasks, newestFirst, toTaskInfo } from "./task-info";
import type { CommandHandler } from "./types";

export const servicesStatus: CommandHandler<"services.status"> = async (payload, context) => {
  const { docker, signal } = context;
  const services = (await docker.listServices({ labels: payload.labels, signal }))
    .filter((service) => hasLabels(viewSpec(service.Spec).labels, payload.labels))
    .sort((a, b) => viewSpec(a.Spec).name.localeCompare(viewSpec(b.Spec).name));
  const tasks = await docker.listTasks({ serviceIds: services.map((service) => service.ID), signal });
  const names = new Map(services.map((service) => [service.ID, viewSpec(service.Spec).name]));
  const kept = latestTasks(tasks.filter((task) => names.has(task.ServiceID)));
  return {
    services: services.map((service) => describe(service, tasks)),
    tasks: kept
      .sort(
        (a, b) =>
          (names.get(a.ServiceID) ?? "").localeCompare(names.get(b.ServiceID) ?? "") || (a.Slot ?? 0) - (b.Slot ?? 0) || newestFirst(a, b),
      )
      .map((task) => toTaskInfo(task, names.get(task.ServiceID) ?? "")),
  };
};

function describe(service: SwarmService, allTasks: readonly SwarmTask[]): ServiceStatus {
  const view = viewSpec(service.Spec);
  const job = describeJob(service, allTasks);
  if (job) {
    const mine = allTasks.filter((task) => task.ServiceID === service.ID && iterationOf(task) === job.iteration);
    return {
      ...common(service, view),
      runningTasks: mine.filter((task) => task.Status.State === "running").length,
      // a job wants its unfinished tasks to run; once it has completed it wants none
      desiredTasks: job.active,
      job,
    };
  }
  const live = allTasks.filter((task) => task.ServiceID === service.ID && task.DesiredState === "running");
  return {
    ...common(service, view),
    runningTasks: live.filter((task) => task.Status.State === "running").length,
    // a global service wants one task per eligible node: the ones the orchestrator created
    desiredTasks: view.replicas ?? live.length,
  };
}

function common(service: SwarmService, view: ReturnType<typeof viewSpec>) {
  return {
    id: service.ID,
    name: view.name,
    labels: view.labels,
    image: view.image,
    mode: view.mode,
    replicas: view.replicas,
    version: service.Version.Index,
    updateStatus: service.UpdateStatus ? { state: service.UpdateStatus.State, message: service.UpdateStatus.Message } : null,
    spec: service.Spec,
  };
}

const FINISHED = new Set(["complete", "failed", "rejected", "shutdown", "remove", "orphaned"]);

/**
 * A job-mode service's current iteration (every update, force updates included, starts a new one):
 * completions done, failed tasks and tasks still to finish. A global job wants one completion per
 * node its iteration runs on. Null for services that are not jobs.
 */
export function describeJob(service: SwarmService, allTasks: readonly SwarmTask[]): NonNullable<ServiceStatus["job"]> | null {
  const { mode, replicas } = readSpec(service.Spec);
  if (mode !== "replicated-job" && mode !== "global-job") return null;
  const iteration = service.JobStatus?.JobIteration ? (service.JobStatus.JobIteration.Index ?? 0) : null;
  const tasks = allTasks.filter((task) => task.ServiceID === service.ID && iterationOf(task) === iteration);
  const done = tasks.filter((task) => task.Status.State === "complete");
  const global = mode === "global-job";
  return {
    iteration,
    wanted: global ? new Set(tasks.map((task) => task.NodeID)).size : (replicas ?? 1),
    completed: global ? new Set(done.map((task) => task.NodeID)).size : done.length,
    failed: tasks.filter((task) => task.Status.State === "failed" || task.Status.State === "rejected").length,
    active: tasks.filter((task) => !FINISHED.has(task.Status.State) && task.DesiredState !== "shutdown" && task.DesiredState !== "remove")
      .length,
  };
}

/** A job task's iteration; the engine omits a zero Index. */
function iterationOf(task: SwarmTask): number | null {
  return task.JobIteration ? (task.JobIteration.Index ?? 0) : null;
}
