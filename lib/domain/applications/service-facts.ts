/**
 * Facts about a Swarm ServiceSpec the console shows: image, mode, replicas, published ports,
 * placement. Specs come back from the database as JSON, so they are read defensively by the one
 * spec reader (lib/protocol/read-spec.ts); these keep the shapes the console's callers expect.
 */
import { describeProbe } from "@/lib/protocol/probe";
import { readSpec } from "@/lib/protocol/read-spec";

export function specImage(spec: unknown): string {
  return readSpec(spec).image;
}

/** Global, or replicated with its replica count (1 when unset). Job modes read as one replica, as they always have here. */
export function specMode(spec: unknown): { mode: "replicated" | "global"; replicas: number | null } {
  const { mode, replicas } = readSpec(spec);
  if (mode === "global") return { mode: "global", replicas: null };
  return { mode: "replicated", replicas: mode === "replicated" ? replicas : 1 };
}

export function specPorts(spec: unknown): Array<{ published: number | null; target: number; protocol: string }> {
  return readSpec(spec).ports;
}

export function specPlacement(spec: unknown): string[] {
  return readSpec(spec).constraints;
}

/** The spec with the replica count the user chose (scaling does not create a template version). */
export function withReplicas<S>(spec: S, replicas: number | null): S {
  // a job's completions come from the template only (specMode reads a replicated job as one replica)
  if (readSpec(spec).mode !== "replicated" || replicas === null) return spec;
  return { ...spec, Mode: { Replicated: { Replicas: replicas } } };
}

/** What a service's tasks each reserve: CPUs, memory and GPUs (generic resources of kind "gpu"). */
export function specReservations(spec: unknown): { cpus: number; memoryBytes: number; gpus: number } {
  return readSpec(spec).reservations;
}

/** The volume drivers a service's mounts need, each once. */
export function specVolumeDrivers(spec: unknown): string[] {
  return readSpec(spec).volumeDrivers;
}

/**
 * The health check a service's tasks run, in words for the preview ("CMD-SHELL curl -f http://localhost/
 * every 10 s, timeout 3 s, 3 retries, 5 s to start"); "disabled" for NONE; null when the spec sets none
 * and the image's own HEALTHCHECK, if any, applies.
 */
export function specHealthCheck(spec: unknown): string | null {
  const { healthCheck: check, probe } = readSpec(spec);
  // a URL probe (run by the agent from the node) and a health check exclude each other at compile time
  if (probe && !check) return describeProbe(probe);
  if (!check) return null;
  const [kind, ...args] = check.test;
  if (kind === "NONE") return "disabled";
  const parts = [
    check.intervalSeconds !== null ? `every ${check.intervalSeconds} s` : null,
    check.timeoutSeconds !== null ? `timeout ${check.timeoutSeconds} s` : null,
    check.retries !== null ? `${check.retries} ${check.retries === 1 ? "retry" : "retries"}` : null,
    check.startPeriodSeconds !== null ? `${check.startPeriodSeconds} s to start` : null,
  ].filter((p): p is string => p !== null);
  const command = kind ? [kind, ...args].join(" ") : "the image's command";
  return parts.length ? `${command} (${parts.join(", ")})` : command;
}
