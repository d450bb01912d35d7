/**
 * What applying a compiled spec to a running service would change in its tasks, field by field:
 * the task template (containers, resources, placement, networks, restart and log settings), the
 * mode's kind and the published ports. The swarm restarts every task when any of those differs,
 * so an adoption is only exact when this is empty. Replicas, service labels and the update and
 * rollback policies are not here: changing them restarts nothing.
 *
 * Judged by the one "has it changed?" (lib/protocol/spec-equivalence.ts). The live spec names
 * networks, secrets and configs by id as well; those are read as the names the compiler writes.
 */
import { equivalentAt, pairedFields } from "@/lib/protocol/spec-equivalence";

type Json = Record<string, unknown>;

export interface TaskDifference {
  /** Dotted path as the Engine API spells it ("TaskTemplate.ContainerSpec.Env"). */
  path: string;
  live: unknown;
  compiled: unknown;
}

const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isJson(value) ? value : {});

/** The live task template with references by name, as the compiler writes them, and without the force-update counter. */
function comparableTask(task: unknown, networkNames: Record<string, string>): Json {
  const copy = structuredClone(record(task));
  delete copy.ForceUpdate;
  if (Array.isArray(copy.Networks)) {
    copy.Networks = copy.Networks.map((n) => {
      const attachment = record(n);
      const target = typeof attachment.Target === "string" ? attachment.Target : "";
      return { ...attachment, Target: networkNames[target] ?? target };
    });
  }
  const container = record(copy.ContainerSpec);
  for (const [list, id] of [
    ["Secrets", "SecretID"],
    ["Configs", "ConfigID"],
  ] as const) {
    const refs = container[list];
    if (Array.isArray(refs)) container[list] = refs.map((ref) => ({ ...record(ref), [id]: undefined }));
  }
  return copy;
}

/** The mode's kind only: replicas may differ without a restart. */
function modeKind(mode: unknown): string {
  const keys = Object.entries(record(mode))
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
  return keys.sort().join(",") || "Replicated";
}

function collect(live: unknown, compiled: unknown, path: string, out: TaskDifference[]): void {
  if (equivalentAt(live, compiled, path)) return;
  if (isJson(live) && isJson(compiled)) {
    // the compiler's spelling first ("HealthCheck", where the engine writes "Healthcheck")
    for (const [key, c, l] of pairedFields(compiled, live)) collect(l, c, path ? `${path}.${key}` : key, out);
    return;
  }
  out.push({ path, live: live ?? null, compiled: compiled ?? null });
}

export function taskDifferences(live: unknown, compiled: unknown, networkNames: Record<string, string> = {}): TaskDifference[] {
  const out: TaskDifference[] = [];
  const liveSpec = record(live);
  const compiledSpec = record(compiled);
  const compiledTask = { ...record(compiledSpec.TaskTemplate) };
  delete compiledTask.ForceUpdate;
  collect(comparableTask(liveSpec.TaskTemplate, networkNames), compiledTask, "TaskTemplate", out);
  const liveMode = modeKind(liveSpec.Mode);
  const compiledMode = modeKind(compiledSpec.Mode);
  if (liveMode !== compiledMode) out.push({ path: "Mode", live: liveMode, compiled: compiledMode });
  // a job's completions are its task count, like replicas; MaxConcurrent is part of how it runs
  const liveJob = record(record(liveSpec.Mode).ReplicatedJob);
  const compiledJob = record(record(compiledSpec.Mode).ReplicatedJob);
  collect(liveJob.MaxConcurrent, compiledJob.MaxConcurrent, "Mode.ReplicatedJob.MaxConcurrent", out);
  collect(liveSpec.EndpointSpec, compiledSpec.EndpointSpec, "EndpointSpec", out);
  return out;
}
