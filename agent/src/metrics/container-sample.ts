/**
 * One container's sample from two readings of its counters: rates per second over the time between
 * them (0 on the first reading), CPU as a percentage of the container's CPU limit (of one core
 * without a limit, as `docker stats`), memory against its limit (the node's memory without one).
 * Pure, so rates and limits are unit-tested without a machine.
 */
import { APP_LABEL, SERVICE_LABEL, TASK_ID_LABEL, TASK_SERVICE_LABEL } from "../docker/object-labels";
import type { ContainerSample } from "@/lib/protocol/metrics";
import { healthFromStatus } from "../traffic/task-snapshot";
import type { CgroupCounters } from "./cgroup-reader";
import type { NetBytes } from "./net-dev";
import type { ServiceContainer } from "./service-containers";
import type { TaskSlot } from "./task-slots";

export type ContainerReading = {
  /** Monotonic milliseconds (performance.now()) when the counters were read. */
  at: number;
  counters: CgroupCounters;
  /** null when the container's network namespace could not be read. */
  net: NetBytes | null;
};

/** A rate per second between two counter values; 0 when the counter went back (a reset). */
export function ratePerSecond(previous: number, current: number, seconds: number): number {
  return seconds > 0 && current >= previous ? (current - previous) / seconds : 0;
}

export function cpuPercent(previous: ContainerReading, current: ContainerReading): number {
  const seconds = (current.at - previous.at) / 1000;
  const coresUsed = ratePerSecond(previous.counters.cpuUsageNs, current.counters.cpuUsageNs, seconds) / 1e9;
  return (coresUsed / (current.counters.cpuLimitCores ?? 1)) * 100;
}

export type ContainerSampleInput = {
  container: ServiceContainer;
  slot: TaskSlot | null;
  current: ContainerReading;
  previous: ContainerReading | undefined;
  restarts: number;
  nodeMemoryBytes: number;
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, max: number) => Math.min(max, Math.max(0, n));

/** null when the container lacks a label the sample needs (not a Wharf task container). */
export function containerSample({
  container,
  slot,
  current,
  previous,
  restarts,
  nodeMemoryBytes,
}: ContainerSampleInput): ContainerSample | null {
  const { Labels: labels } = container;
  const task = labels[TASK_ID_LABEL];
  const swarmService = labels[TASK_SERVICE_LABEL];
  const application = labels[APP_LABEL];
  const service = labels[SERVICE_LABEL];
  if (!task || task.length > 64 || !swarmService || !application || !service) return null;
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const rate = (pick: (r: ContainerReading) => number | undefined) => {
    const before = previous && pick(previous);
    const now = pick(current);
    return before === undefined || now === undefined ? 0 : Math.round(clamp(ratePerSecond(before, now, seconds), 1e13));
  };
  const { counters } = current;
  const ownLimit = counters.memoryLimitBytes !== null && (nodeMemoryBytes <= 0 || counters.memoryLimitBytes < nodeMemoryBytes);
  const limit = ownLimit ? (counters.memoryLimitBytes ?? 0) : nodeMemoryBytes;
  return {
    container: container.Id.slice(0, 12),
    task,
    swarmService: swarmService.slice(0, 200),
    application: application.slice(0, 200),
    service: service.slice(0, 200),
    slot: slot?.slot ?? null,
    cpuPercent: previous ? clamp(round1(cpuPercent(previous, current)), 100_000) : 0,
    memoryUsedBytes: clamp(counters.memoryUsedBytes, 1e15),
    memoryLimitBytes: clamp(limit, 1e15),
    networkRxBytesPerSecond: rate((r) => r.net?.rxBytes),
    networkTxBytesPerSecond: rate((r) => r.net?.txBytes),
    blockReadBytesPerSecond: rate((r) => r.counters.blockReadBytes),
    blockWriteBytesPerSecond: rate((r) => r.counters.blockWriteBytes),
    restarts: Math.min(restarts, 1_000_000),
    health: healthFromStatus(container.Status),
  };
}
