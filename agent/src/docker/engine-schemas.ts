/**
 * The parts of Docker Engine API responses the agent relies on, validated when they arrive so a
 * surprising engine fails with a clear error instead of an undefined deep in a handler. Unknown
 * fields are kept (looseObject) where a spec is sent back to the engine unchanged.
 */
import { z } from "zod";
import { engineText } from "./engine-fields";

const nullableString = engineText;

const genericResourceSchema = z.object({
  NamedResourceSpec: z.object({ Kind: z.string(), Value: z.string() }).nullish(),
  DiscreteResourceSpec: z.object({ Kind: z.string(), Value: z.number() }).nullish(),
});
export type GenericResource = z.infer<typeof genericResourceSchema>;

export const engineInfoSchema = z.object({
  ID: z.string(),
  Name: z.string(),
  OperatingSystem: nullableString,
  KernelVersion: nullableString,
  Architecture: nullableString,
  NCPU: z.number().int().nonnegative(),
  MemTotal: z.number().nonnegative(),
  DockerRootDir: nullableString,
  ServerVersion: nullableString,
  Driver: nullableString,
  Labels: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
  GenericResources: z
    .array(genericResourceSchema)
    .nullish()
    .transform((v) => v ?? []),
  Plugins: z.object({ Volume: z.array(z.string()).nullish() }).nullish(),
  Swarm: z.object({
    NodeID: nullableString,
    NodeAddr: nullableString,
    LocalNodeState: z.string(),
    ControlAvailable: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    Error: nullableString,
    RemoteManagers: z
      .array(z.object({ NodeID: z.string(), Addr: z.string() }))
      .nullish()
      .transform((v) => v ?? []),
    // Only an active manager knows the cluster (swarm) ID; workers get null.
    Cluster: z
      .object({ ID: z.string() })
      .nullish()
      .transform((v) => v ?? null),
  }),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

export const engineVersionSchema = z.object({ Version: z.string(), ApiVersion: z.string() });
export type EngineVersion = z.infer<typeof engineVersionSchema>;

export const swarmInspectSchema = z.object({
  ID: z.string(),
  JoinTokens: z.object({ Worker: z.string(), Manager: z.string() }),
});
export type SwarmInspect = z.infer<typeof swarmInspectSchema>;

const stringMap = z
  .record(z.string(), z.string())
  .nullish()
  .transform((v) => v ?? {});

export const nodeSpecSchema = z.looseObject({
  Name: z.string().optional(),
  Labels: stringMap,
  Role: z.enum(["worker", "manager"]),
  Availability: z.enum(["active", "pause", "drain"]),
});
export type NodeSpec = z.infer<typeof nodeSpecSchema>;

export const swarmNodeSchema = z.object({
  ID: z.string(),
  Version: z.object({ Index: z.number().int() }),
  Spec: nodeSpecSchema,
  Description: z
    .object({ Hostname: nullableString })
    .nullish()
    .transform((v) => v ?? { Hostname: "" }),
  Status: z.object({ State: z.string(), Addr: nullableString }),
  ManagerStatus: z
    .object({
      Leader: z
        .boolean()
        .nullish()
        .transform((v) => v ?? false),
      Addr: nullableString,
      Reachability: nullableString,
    })
    .nullish()
    .transform((v) => v ?? null),
});
export type SwarmNode = z.infer<typeof swarmNodeSchema>;

export const containerSummarySchema = z.object({
  Id: z.string(),
  State: nullableString,
  Status: nullableString,
  Labels: stringMap,
});
export type ContainerSummary = z.infer<typeof containerSummarySchema>;
