/**
 * Facts about a Swarm ServiceSpec the console shows: image, mode, replicas, published ports,
 * placement. Specs come back from the database as JSON, so these read them defensively.
 */
type Spec = {
  Name?: string;
  Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  TaskTemplate?: { ContainerSpec?: { Image?: string }; Placement?: { Constraints?: string[] } };
  EndpointSpec?: { Ports?: Array<{ PublishedPort?: number; TargetPort?: number; Protocol?: string }> };
};

const asSpec = (spec: unknown): Spec => (spec && typeof spec === "object" ? (spec as Spec) : {});

export function specImage(spec: unknown): string {
  return asSpec(spec).TaskTemplate?.ContainerSpec?.Image ?? "";
}

export function specMode(spec: unknown): { mode: "replicated" | "global"; replicas: number | null } {
  const mode = asSpec(spec).Mode;
  if (mode?.Global) return { mode: "global", replicas: null };
  return { mode: "replicated", replicas: mode?.Replicated?.Replicas ?? 1 };
}

export function specPorts(spec: unknown): Array<{ published: number | null; target: number; protocol: string }> {
  return (asSpec(spec).EndpointSpec?.Ports ?? []).map((p) => ({ published: p.PublishedPort ?? null, target: p.TargetPort ?? 0, protocol: p.Protocol ?? "tcp" }));
}

export function specPlacement(spec: unknown): string[] {
  return asSpec(spec).TaskTemplate?.Placement?.Constraints ?? [];
}

/** The spec with the replica count the user chose (scaling does not create a template version). */
export function withReplicas<S>(spec: S, replicas: number | null): S {
  if (specMode(spec).mode !== "replicated" || replicas === null) return spec;
  return { ...spec, Mode: { Replicated: { Replicas: replicas } } };
}
