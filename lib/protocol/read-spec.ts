/**
 * Reads a ServiceSpec that was not just checked against the strict schema (./service-spec.ts): one
 * stored as JSON in the database, or one the engine holds (normalised, with fields Wharf never
 * writes). Missing or odd fields read as defaults, never as errors: whoever reads a spec back wants
 * facts about it (image, mode, ports...), and the engine remains the judge of a spec's validity.
 * The one reader for the console (lib/domain/applications/service-facts.ts) and the agent
 * (agent/src/commands/service-spec-view.ts).
 */

import { decodeProbe, PROBE_LABEL as PROBE_LABEL_KEY, type ProbeDeclaration } from "./probe";

/** Which Swarm mode the spec's Mode key names; "replicated" when it names none (Docker's default). */
export type SpecMode = "replicated" | "global" | "replicated-job" | "global-job";

export type SpecPort = { published: number | null; target: number; protocol: string };

export type ReadSpec = {
  name: string;
  labels: Record<string, string>;
  image: string;
  tty: boolean;
  mode: SpecMode;
  /** Replicas (replicated) or TotalCompletions (replicated job), 1 when unset as Docker defaults; null for global modes. */
  replicas: number | null;
  /** TaskTemplate.ForceUpdate: the counter that restarts every task when it changes. */
  forceUpdate: number;
  ports: SpecPort[];
  /** TaskTemplate.Placement.Constraints. */
  constraints: string[];
  /** What each task reserves: CPUs, memory and GPUs (generic resources of kind "gpu"). */
  reservations: { cpus: number; memoryBytes: number; gpus: number };
  /** The volume drivers the spec's volume mounts name, each once. */
  volumeDrivers: string[];
  /** SecretName / ConfigName of the secrets and configs the container references. */
  secrets: string[];
  configs: string[];
  /** ContainerSpec.HealthCheck (durations in seconds); null when the spec sets none (the image's own applies). */
  healthCheck: {
    test: string[];
    intervalSeconds: number | null;
    timeoutSeconds: number | null;
    retries: number | null;
    startPeriodSeconds: number | null;
  } | null;
  /** The URL probe the agent runs from the node (ContainerSpec.Labels, ./probe.ts); null when none. */
  probe: ProbeDeclaration | null;
};

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isJson(value) ? value : {});
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isJson) : []);
const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const number = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const integer = (value: unknown): number | null => (typeof value === "number" && Number.isInteger(value) ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
/** A mode key is present when it holds anything (Global: {} is the whole of a global mode). */
const present = (value: unknown): boolean => value !== undefined && value !== null;

function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function modeOf(value: unknown): { mode: SpecMode; replicas: number | null } {
  const mode = record(value);
  if (present(mode.Global)) return { mode: "global", replicas: null };
  if (present(mode.GlobalJob)) return { mode: "global-job", replicas: null };
  if (!isJson(mode.Replicated) && present(mode.ReplicatedJob))
    return { mode: "replicated-job", replicas: integer(record(mode.ReplicatedJob).TotalCompletions) ?? 1 };
  return { mode: "replicated", replicas: integer(record(mode.Replicated).Replicas) ?? 1 };
}

function reservationsOf(value: unknown): ReadSpec["reservations"] {
  const reservations = record(value);
  const gpus = records(reservations.GenericResources).reduce((sum, resource) => {
    const discrete = record(resource.DiscreteResourceSpec);
    return sum + (discrete.Kind === "gpu" ? (number(discrete.Value) ?? 0) : 0);
  }, 0);
  return { cpus: (number(reservations.NanoCPUs) ?? 0) / 1e9, memoryBytes: number(reservations.MemoryBytes) ?? 0, gpus };
}

const seconds = (nanos: unknown): number | null => {
  const n = number(nanos);
  return n === null ? null : n / 1e9;
};

function healthCheckOf(value: unknown): ReadSpec["healthCheck"] {
  if (!isJson(value)) return null;
  return {
    test: texts(value.Test),
    intervalSeconds: seconds(value.Interval),
    timeoutSeconds: seconds(value.Timeout),
    retries: integer(value.Retries),
    startPeriodSeconds: seconds(value.StartPeriod),
  };
}

function volumeDriversOf(mounts: Json[]): string[] {
  const names = mounts.flatMap((mount) => {
    const driver = text(record(record(mount.VolumeOptions).DriverConfig).Name);
    return mount.Type === "volume" && driver ? [driver] : [];
  });
  return [...new Set(names)];
}

export function readSpec(value: unknown): ReadSpec {
  const spec = record(value);
  const task = record(spec.TaskTemplate);
  const container = record(task.ContainerSpec);
  return {
    name: text(spec.Name) ?? "",
    labels: labelsOf(spec.Labels),
    image: text(container.Image) ?? "",
    tty: container.TTY === true,
    ...modeOf(spec.Mode),
    forceUpdate: integer(task.ForceUpdate) ?? 0,
    ports: records(record(spec.EndpointSpec).Ports).map((port) => ({
      published: number(port.PublishedPort),
      target: number(port.TargetPort) ?? 0,
      protocol: text(port.Protocol) ?? "tcp",
    })),
    constraints: texts(record(task.Placement).Constraints),
    reservations: reservationsOf(record(task.Resources).Reservations),
    volumeDrivers: volumeDriversOf(records(container.Mounts)),
    secrets: records(container.Secrets).flatMap((secret) => text(secret.SecretName) ?? []),
    configs: records(container.Configs).flatMap((config) => text(config.ConfigName) ?? []),
    // the compiler writes "HealthCheck"; the engine stores and returns "Healthcheck"
    healthCheck: healthCheckOf(container.HealthCheck ?? container.Healthcheck),
    probe: decodeProbe(labelsOf(container.Labels)[PROBE_LABEL_KEY]),
  };
}
