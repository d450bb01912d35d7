/**
 * services.status (manager only): the services carrying all the given labels, with their task
 * counts, update status and spec, plus the latest tasks of each slot. Counts follow
 * `docker service ls`: running = tasks meant to run (desired state running) that are running.
 */
import type { ServiceStatus } from "@/lib/protocol";
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
  const live = allTasks.filter((task) => task.ServiceID === service.ID && task.DesiredState === "running");
  return {
    id: service.ID,
    name: view.name,
    labels: view.labels,
    image: view.image,
    mode: view.mode,
    replicas: view.replicas,
    runningTasks: live.filter((task) => task.Status.State === "running").length,
    // a global service wants one task per eligible node: the ones the orchestrator created
    desiredTasks: view.replicas ?? live.length,
    version: service.Version.Index,
    updateStatus: service.UpdateStatus ? { state: service.UpdateStatus.State, message: service.UpdateStatus.Message } : null,
    spec: service.Spec,
  };
}
