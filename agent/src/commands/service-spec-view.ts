/**
 * Typed reads of a ServiceSpec kept as a plain record (the engine's or the control plane's):
 * name, labels, image, TTY, mode and force-update counter. Missing or odd fields read as defaults;
 * the engine remains the judge of a spec's validity.
 */
import { z } from "zod";

const specView = z.object({
  Name: z.string().catch(""),
  Labels: z.record(z.string(), z.string()).nullish().catch(null),
  TaskTemplate: z
    .object({
      ContainerSpec: z.object({ Image: z.string().catch(""), TTY: z.boolean().nullish().catch(null) }).nullish().catch(null),
      ForceUpdate: z.number().int().nullish().catch(null),
    })
    .nullish()
    .catch(null),
  Mode: z
    .object({
      Replicated: z.object({ Replicas: z.number().int().nullish().catch(null) }).nullish().catch(null),
      Global: z.unknown().optional(),
      ReplicatedJob: z.object({ TotalCompletions: z.number().int().nullish().catch(null) }).nullish().catch(null),
      GlobalJob: z.unknown().optional(),
    })
    .nullish()
    .catch(null),
});

export type SpecView = {
  name: string;
  labels: Record<string, string>;
  image: string;
  tty: boolean;
  mode: "replicated" | "global";
  /** Replicas (replicated) or completions (replicated job); null for global modes. */
  replicas: number | null;
  forceUpdate: number;
};

export function viewSpec(spec: Record<string, unknown>): SpecView {
  const parsed = specView.safeParse(spec);
  const view = parsed.success ? parsed.data : { Name: "", Labels: null, TaskTemplate: null, Mode: null };
  const mode = view.Mode;
  const global = mode?.Global !== undefined && mode.Global !== null ? true : mode?.GlobalJob !== undefined && mode.GlobalJob !== null;
  return {
    name: view.Name,
    labels: view.Labels ?? {},
    image: view.TaskTemplate?.ContainerSpec?.Image ?? "",
    tty: view.TaskTemplate?.ContainerSpec?.TTY ?? false,
    mode: global ? "global" : "replicated",
    // Docker's default for a replicated service without Replicas is 1
    replicas: global ? null : (mode?.Replicated ? (mode.Replicated.Replicas ?? 1) : (mode?.ReplicatedJob?.TotalCompletions ?? 1)),
    forceUpdate: view.TaskTemplate?.ForceUpdate ?? 0,
  };
}
