/**
 * Engine API responses for application objects (networks, secrets, configs, services, tasks,
 * volumes, images), validated on arrival like engine-schemas.ts. A service's Spec is kept as the
 * engine sent it (a plain record): it goes back to the engine on update and to the control plane
 * for drift detection, so nothing may be dropped or rewritten on the way.
 */
import { z } from "zod";
import { engineStringList, engineStringMap, engineText } from "./engine-fields";

const text = engineText;
const stringMap = engineStringMap;
const stringList = engineStringList;

export const networkSummarySchema = z.object({ Id: z.string(), Name: z.string(), Driver: text, Scope: text, Labels: stringMap });
export type NetworkSummary = z.infer<typeof networkSummarySchema>;

/** A swarm secret or config as listed (the data itself is never returned for secrets). */
export const swarmObjectSchema = z.object({ ID: z.string(), Spec: z.object({ Name: z.string(), Labels: stringMap }) });
export type SwarmObject = z.infer<typeof swarmObjectSchema>;

export const serviceSchema = z.object({
  ID: z.string(),
  Version: z.object({ Index: z.number().int() }),
  Spec: z.record(z.string(), z.unknown()),
  /** Job modes: the iteration the current tasks belong to (bumped by every update, force updates included). */
  // the engine omits a zero Index ("JobIteration": {} is the first iteration)
  JobStatus: z.object({ JobIteration: z.object({ Index: z.number().int().nullish() }).nullish() }).nullish(),
  UpdateStatus: z
    .object({ State: text, Message: text })
    .nullish()
    .transform((v) => v ?? null),
});
export type SwarmService = z.infer<typeof serviceSchema>;

const portStatusSchema = z.object({
  Protocol: text,
  TargetPort: z.number().int().nullish(),
  PublishedPort: z.number().int().nullish(),
  PublishMode: text,
});

export const taskSchema = z.object({
  ID: z.string(),
  ServiceID: z.string(),
  Slot: z.number().int().nullish(),
  NodeID: text,
  CreatedAt: text,
  UpdatedAt: text,
  DesiredState: text,
  JobIteration: z.object({ Index: z.number().int().nullish() }).nullish(),
  Spec: z
    .object({ ContainerSpec: z.object({ Image: text }).nullish() })
    .nullish()
    .transform((v) => v ?? {}),
  Status: z
    .object({
      State: text,
      Message: text,
      Err: z.string().nullish(),
      ContainerStatus: z.object({ ContainerID: z.string().nullish(), ExitCode: z.number().int().nullish() }).nullish(),
      PortStatus: z.object({ Ports: z.array(portStatusSchema).nullish() }).nullish(),
    })
    .nullish()
    .transform((v) => v ?? { State: "", Message: "" }),
});
export type SwarmTask = z.infer<typeof taskSchema>;

export const volumeListSchema = z.object({
  Volumes: z
    .array(z.object({ Name: z.string(), Labels: stringMap }))
    .nullish()
    .transform((v) => v ?? []),
});
export type VolumeSummary = z.infer<typeof volumeListSchema>["Volumes"][number];

/** GET /volumes/{name}: the driver and options it was created with (the workload policy reads them). */
export const volumeInspectSchema = z.object({ Name: z.string(), Driver: text, Options: stringMap, Labels: stringMap });
export type VolumeInspect = z.infer<typeof volumeInspectSchema>;

export const imageSummarySchema = z.object({ Id: z.string(), RepoTags: stringList, RepoDigests: stringList });
export type ImageSummary = z.infer<typeof imageSummarySchema>;

export const createdSchema = z.object({ ID: z.string().optional(), Id: z.string().optional(), Warnings: stringList });
export const warningsSchema = z
  .object({ Warnings: stringList })
  .nullish()
  .transform((v) => v ?? { Warnings: [] });
export const distributionSchema = z.object({ Descriptor: z.object({ digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/) }) });
