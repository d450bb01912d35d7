/**
 * Commands the control plane sends to agents: type → payload and result schemas. Every handler
 * on the agent is idempotent ("apply" means create-or-update); payloads are validated on both
 * sides. Secrets inside payloads and results are never stored (./command-redaction.ts) nor logged.
 */
import { z } from "zod";
import { HAPROXY_COMMANDS } from "./haproxy";
import type { ServiceSpec } from "./service-spec";
import { workloadPolicySchema } from "./workload-policy";

const labelsSchema = z.record(z.string().min(1).max(200), z.string().max(500));

/** Credentials for pulling an image from a private registry ("X-Registry-Auth" on the Engine API). */
export const registryAuthSchema = z.object({
  username: z.string().max(500),
  password: z.string().max(5000),
  serveraddress: z.string().max(500),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * service.apply's spec: a sender must build a ServiceSpec (./service-spec.ts). On arrival only its
 * Name is checked here: the agent checks the whole strict shape as the first part of the workload
 * policy check (lib/protocol/service-spec-policy.ts), so a field Wharf never produces is answered
 * POLICY_VIOLATION naming it, not INVALID_PAYLOAD. Until then the agent holds an unchecked record,
 * which is why the parsed side is typed as one.
 */
const applySpecSchema = z
  .custom<ServiceSpec>((value) => isRecord(value) && typeof value.Name === "string", "ServiceSpec needs a Name")
  .transform((spec): Record<string, unknown> => spec);

const taskSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  slot: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  state: z.string(),
  desiredState: z.string(),
  message: z.string(),
  error: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  containerId: z.string().nullable(),
  image: z.string(),
  ports: z.array(z.object({ published: z.number().int(), target: z.number().int(), protocol: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** A job-mode task's iteration (the service version that started it); absent for other tasks and from older agents. */
  jobIteration: z.number().int().nullable().optional(),
});
export type TaskInfo = z.infer<typeof taskSchema>;

const serviceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  labels: labelsSchema,
  image: z.string(),
  mode: z.enum(["replicated", "global"]),
  replicas: z.number().int().nullable(),
  runningTasks: z.number().int(),
  desiredTasks: z.number().int(),
  version: z.number().int(),
  updateStatus: z.object({ state: z.string(), message: z.string() }).nullable(),
  /** The spec as the swarm holds it (to detect drift). */
  spec: z.record(z.string(), z.unknown()),
  /**
   * Job modes (replicated-job, global-job): the current iteration's tasks. `wanted` is the
   * completions (replicated) or the nodes the iteration runs on (global); `active` counts tasks not
   * finished yet. Absent for other services and from older agents.
   */
  job: z
    .object({
      iteration: z.number().int().nullable(),
      wanted: z.number().int(),
      completed: z.number().int(),
      failed: z.number().int(),
      active: z.number().int(),
    })
    .nullable()
    .optional(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;
export const COMMANDS = {
  /** Initialise a swarm on this engine; answers the tokens later nodes join with. */
  "swarm.init": {
    payload: z.object({ advertiseAddr: z.string().max(64).optional(), listenAddr: z.string().max(64).optional() }),
    result: z.object({
      swarmId: z.string(),
      nodeId: z.string(),
      managerAddr: z.string(),
      joinTokens: z.object({ worker: z.string(), manager: z.string() }),
    }),
  },
  /** Join an existing swarm. A no-op when already a member of that swarm. */
  "swarm.join": {
    payload: z.object({
      remoteAddrs: z.array(z.string().max(100)).min(1).max(10),
      joinToken: z.string().max(200),
      advertiseAddr: z.string().max(64).optional(),
      listenAddr: z.string().max(64).optional(),
    }),
    // Docker tells only managers the swarm's id, so a joining worker may not know it.
    result: z.object({ nodeId: z.string(), swarmId: z.string().nullable() }),
  },
  /** Leave the swarm (a no-op when not in one). */
  "swarm.leave": {
    payload: z.object({ force: z.boolean().default(false) }),
    result: z.object({ left: z.boolean() }),
  },
  /** Manager only: swarm identity, join tokens, manager address and the node list. */
  "swarm.inspect": {
    payload: z.object({}),
    result: z.object({
      swarmId: z.string(),
      managerAddr: z.string(),
      joinTokens: z.object({ worker: z.string(), manager: z.string() }),
      nodes: z.array(
        z.object({
          id: z.string(),
          hostname: z.string(),
          role: z.enum(["worker", "manager"]),
          availability: z.enum(["active", "pause", "drain"]),
          state: z.string(),
          labels: labelsSchema,
          leader: z.boolean(),
        }),
      ),
    }),
  },
  /**
   * Manager only: set a node's labels (the complete desired set), availability and role. Fields
   * left out are unchanged. Retries on version conflicts.
   */
  "node.update": {
    payload: z.object({
      swarmNodeId: z.string().max(100),
      labels: labelsSchema.optional(),
      availability: z.enum(["active", "pause", "drain"]).optional(),
      role: z.enum(["worker", "manager"]).optional(),
    }),
    result: z.object({ version: z.number().int() }),
  },
  /** Manager only: remove a node from the swarm (a no-op when already gone). */
  "node.remove": {
    payload: z.object({ swarmNodeId: z.string().max(100), force: z.boolean().default(false) }),
    result: z.object({ removed: z.boolean() }),
  },

  // ── applications (manager only unless stated) ──────────────────────────────────────────
  /** Create the overlay network of an application if missing (attachable, labelled). */
  "network.ensure": {
    payload: z.object({
      name: z.string().max(200),
      labels: labelsSchema,
      driver: z.string().max(50).default("overlay"),
      attachable: z.boolean().default(true),
      options: z.record(z.string(), z.string()).default({}),
    }),
    result: z.object({ id: z.string(), created: z.boolean() }),
  },
  "network.remove": { payload: z.object({ name: z.string().max(200) }), result: z.object({ removed: z.boolean() }) },
  /** Create a swarm secret if missing. Secrets are immutable: same name, same data; a change gets a new name. */
  "secret.ensure": {
    payload: z.object({ name: z.string().max(200), dataBase64: z.string().max(700_000), labels: labelsSchema }),
    result: z.object({ id: z.string(), created: z.boolean() }),
  },
  "secret.remove": { payload: z.object({ name: z.string().max(200) }), result: z.object({ removed: z.boolean() }) },
  "config.ensure": {
    payload: z.object({ name: z.string().max(200), dataBase64: z.string().max(700_000), labels: labelsSchema }),
    result: z.object({ id: z.string(), created: z.boolean() }),
  },
  "config.remove": { payload: z.object({ name: z.string().max(200) }), result: z.object({ removed: z.boolean() }) },
  /**
   * Create or update a service to exactly this spec (found by spec.Name). Never asks Docker Hub to
   * resolve an image (`--no-resolve-image` semantics). forceUpdate restarts every task (restart,
   * redeploy); pullLatest makes the update re-pull the image's tag.
   */
  "service.apply": {
    payload: z.object({
      spec: applySpecSchema,
      registryAuth: registryAuthSchema.optional(),
      forceUpdate: z.boolean().default(false),
      pullLatest: z.boolean().default(false),
      /** The cluster's effective workload policy; absent means strict. The agent enforces it (within its own ceiling) before touching the engine. */
      policy: workloadPolicySchema.optional(),
    }),
    result: z.object({
      id: z.string(),
      version: z.number().int(),
      created: z.boolean(),
      updated: z.boolean(),
      warnings: z.array(z.string()),
    }),
  },
  "service.remove": { payload: z.object({ name: z.string().max(200) }), result: z.object({ removed: z.boolean() }) },
  /**
   * Any node: stop the container of this Swarm task, here, within the grace period. A rolling release
   * stops a task it has drained out of the load balancer, so Swarm removes that one when the service
   * scales down (it prefers tasks that are not running). stopped: false when the task does not run here.
   */
  "task.stop": {
    payload: z.object({ taskId: z.string().regex(/^[a-z0-9]{1,64}$/), timeoutSeconds: z.number().int().min(0).max(3600) }),
    result: z.object({ stopped: z.boolean() }),
  },
  /** The networks the node's engine knows (a manager: the swarm's too), to read specs that name them by id. */
  "networks.list": {
    payload: z.object({}),
    result: z.object({
      networks: z.array(z.object({ id: z.string(), name: z.string(), driver: z.string(), scope: z.string() })),
    }),
  },
  /** Services matching the labels, with their tasks (state, node, ports, Docker's error message). */
  "services.status": {
    payload: z.object({ labels: labelsSchema }),
    result: z.object({ services: z.array(serviceStatusSchema), tasks: z.array(taskSchema) }),
  },
  /**
   * Remove the secrets, configs and networks carrying these labels except the ones to keep: old
   * content-named secrets after an update, or everything when an application is deleted.
   */
  "app.prune": {
    payload: z.object({
      labels: labelsSchema,
      keep: z.object({ secrets: z.array(z.string()), configs: z.array(z.string()), networks: z.array(z.string()) }),
    }),
    result: z.object({
      removed: z.object({ secrets: z.array(z.string()), configs: z.array(z.string()), networks: z.array(z.string()) }),
      failed: z.array(z.object({ kind: z.enum(["secret", "config", "network"]), name: z.string(), error: z.string() })),
    }),
  },
  /** Any node: remove this engine's volumes matching the labels (an app's named volumes). */
  "volumes.remove": {
    payload: z.object({ labels: labelsSchema }),
    result: z.object({ removed: z.array(z.string()), failed: z.array(z.object({ name: z.string(), error: z.string() })) }),
  },
  /**
   * Start streaming a service's logs back as "stream" messages with this streamId (tail lines, then
   * new ones while follow). Answers once the stream started.
   */
  "logs.start": {
    payload: z.object({
      streamId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
      service: z.string().max(200),
      tail: z.number().int().min(0).max(10_000).default(100),
      follow: z.boolean().default(true),
    }),
    result: z.object({ started: z.boolean() }),
  },
  "logs.stop": { payload: z.object({ streamId: z.string().max(64) }), result: z.object({ stopped: z.boolean() }) },

  // ── HAProxy load balancers (nodes labelled wharf.lb=true; ./haproxy.ts) ──────────────────
  ...HAPROXY_COMMANDS,
} as const;

export type CommandType = keyof typeof COMMANDS;
export type CommandPayload<T extends CommandType> = z.input<(typeof COMMANDS)[T]["payload"]>;
export type CommandResult<T extends CommandType> = z.output<(typeof COMMANDS)[T]["result"]>;

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(COMMANDS, type);
}

// What of each command is stored and shown (secrets redacted) is decided in ./command-redaction.ts.
