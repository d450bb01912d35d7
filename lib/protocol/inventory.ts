/**
 * What an agent reports about its machine on every (re)connect and whenever it changes. The
 * engine's view (docker info) is authoritative: an agent may drive an engine other than the host
 * it runs on (e.g. a node in a network namespace), so hostname, CPU and memory come from Docker.
 */
import { z } from "zod";

/**
 * Every list in an inventory is bounded, so one message stays small (finding 5d): an agent cannot
 * make the gateway parse or the database store an inventory of any size.
 */
export const MAX_ENGINE_LABELS = 200;

export const gpuSchema = z.object({
  /** nvidia-smi index, or the position among the engine's generic "gpu" resources. */
  index: z.number().int().nonnegative(),
  id: z.string().max(200),
  model: z.string().max(200),
  memoryBytes: z.number().int().nonnegative().nullable(),
  source: z.enum(["nvidia-smi", "generic-resource"]),
});

export const swarmStateSchema = z.object({
  /** Docker's LocalNodeState. */
  state: z.enum(["inactive", "pending", "active", "error", "locked"]),
  nodeId: z.string().max(100).nullable(),
  clusterId: z.string().max(100).nullable(),
  isManager: z.boolean(),
  /** Addresses of the swarm's managers as this engine knows them ("10.77.0.1:2377"). */
  managerAddrs: z.array(z.string().max(100)).max(50),
  /** The address this node has in the swarm (Docker's NodeAddr); agents before it sent none. */
  nodeAddr: z.string().max(100).nullable().optional(),
  error: z.string().max(2000).nullable(),
});
export type SwarmState = z.infer<typeof swarmStateSchema>;

export const inventorySchema = z.object({
  /** Stable identity of the machine: the Docker engine ID. */
  machineId: z.string().min(1).max(128),
  hostname: z.string().min(1).max(253),
  os: z.object({ name: z.string().max(200), kernel: z.string().max(200), arch: z.string().max(50) }),
  cpu: z.object({ cores: z.number().int().nonnegative() }),
  memoryBytes: z.number().int().nonnegative(),
  /** Filesystem holding Docker's data root. */
  disk: z.object({ path: z.string().max(500), totalBytes: z.number().nonnegative(), freeBytes: z.number().nonnegative() }).nullable(),
  docker: z.object({
    version: z.string().max(100),
    apiVersion: z.string().max(20),
    rootDir: z.string().max(500),
    storageDriver: z.string().max(50),
  }),
  gpus: z.array(gpuSchema).max(64),
  /** Engine labels (dockerd --label), at most MAX_ENGINE_LABELS (the agent keeps the first by key). */
  engineLabels: z
    .record(z.string().max(200), z.string().max(500))
    .refine((labels) => Object.keys(labels).length <= MAX_ENGINE_LABELS, `at most ${MAX_ENGINE_LABELS} engine labels`),
  /** IPv4 addresses the swarm could advertise, and the one configured, if any. */
  addresses: z.array(z.string().max(64)).max(64),
  advertiseAddr: z.string().max(64).nullable(),
  swarm: swarmStateSchema,
  /** Volume drivers the engine has (docker info's Plugins.Volume, what Swarm's placement checks), at most 100. */
  volumeDrivers: z.array(z.string().max(200)).max(100).optional(),
  /** Image repositories present on the engine (for affinity:image==), at most 500. */
  images: z.array(z.string().max(300)).max(500).optional(),
});
export type Inventory = z.infer<typeof inventorySchema>;
