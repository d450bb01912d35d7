/**
 * GPUs the engine advertises as swarm generic resources (dockerd --node-generic-resource gpu=ID):
 * what the scheduler can actually hand out, so they are reported even without nvidia-smi.
 */
import type { z } from "zod";
import type { gpuSchema } from "@/lib/protocol";
import type { GenericResource } from "../docker/engine-schemas";

type Gpu = z.infer<typeof gpuSchema>;

// "gpu", and vendor-prefixed kinds such as the classic "NVIDIA-GPU"
const GPU_KIND = /(^|[-_.])gpu$/i;
const MAX_DISCRETE = 64;

export function genericGpus(resources: readonly GenericResource[]): Gpu[] {
  const gpus: Gpu[] = [];
  for (const resource of resources) {
    const named = resource.NamedResourceSpec;
    if (named && GPU_KIND.test(named.Kind)) {
      gpus.push({ index: gpus.length, id: named.Value.slice(0, 200), model: named.Kind, memoryBytes: null, source: "generic-resource" });
      continue;
    }
    const discrete = resource.DiscreteResourceSpec;
    if (discrete && GPU_KIND.test(discrete.Kind)) {
      // a bare count has no identities: number them per kind
      const count = Math.min(Math.max(0, Math.floor(discrete.Value)), MAX_DISCRETE);
      for (let i = 0; i < count; i++) {
        gpus.push({ index: gpus.length, id: `${discrete.Kind}-${i}`, model: discrete.Kind, memoryBytes: null, source: "generic-resource" });
      }
    }
  }
  return gpus;
}
