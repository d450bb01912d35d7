/**
 * Facts about a Swarm ServiceSpec the console shows: image, mode, replicas, published ports,
 * placement. Specs come back from the database as JSON, so these read them defensively.
 */
type Spec = {
  Name?: string;
  Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  TaskTemplate?: {
    ContainerSpec?: { Image?: string; Mounts?: Array<{ Type?: string; VolumeOptions?: { DriverConfig?: { Name?: string } } }> };
    Placement?: { Constraints?: string[] };
    Resources?: { Reservations?: { NanoCPUs?: number; MemoryBytes?: number; GenericResources?: Array<{ DiscreteResourceSpec?: { Kind: string; Value: number } }> } };
  };
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

/** What a service's tasks each reserve: CPUs, memory and GPUs (generic resources of kind "gpu"). */
export function specReservations(spec: unknown): { cpus: number; memoryBytes: number; gpus: number } {
  const r = asSpec(spec).TaskTemplate?.Resources?.Reservations ?? {};
  const gpus = (r.GenericResources ?? []).reduce((n, g) => n + (g.DiscreteResourceSpec?.Kind === "gpu" ? g.DiscreteResourceSpec.Value : 0), 0);
  return { cpus: (r.NanoCPUs ?? 0) / 1e9, memoryBytes: r.MemoryBytes ?? 0, gpus };
}

/** The volume drivers a service's mounts need, each once. */
export function specVolumeDrivers(spec: unknown): string[] {
  const mounts = asSpec(spec).TaskTemplate?.ContainerSpec?.Mounts ?? [];
  return [...new Set(mounts.flatMap((m) => (m.Type === "volume" && m.VolumeOptions?.DriverConfig?.Name ? [m.VolumeOptions.DriverConfig.Name] : [])))];
}
