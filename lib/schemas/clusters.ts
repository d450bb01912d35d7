import { z } from "zod";
import { workloadPolicySchema } from "@/lib/protocol/workload-policy";
import { idSchema, isoDateSchema, listOf, okSchema, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

const nameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/, "must be lowercase letters, digits and hyphens (1-40 characters)");

export const nodeStatusSchema = z.enum(["PENDING", "READY", "UNREACHABLE", "DOWN"]);
export const nodeRoleSchema = z.enum(["WORKER", "MANAGER"]);
export const availabilitySchema = z.enum(["ACTIVE", "PAUSE", "DRAIN"]);

export const clusterSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  swarmId: z.string().nullable(),
  managerAddr: z.string().nullable(),
  createdAt: isoDateSchema,
  nodeCounts: z.object({
    total: z.number().int(),
    READY: z.number().int(),
    UNREACHABLE: z.number().int(),
    DOWN: z.number().int(),
    PENDING: z.number().int(),
  }),
  /** What workloads may do on the cluster's machines (effective: strict on the control-plane host). */
  workloadPolicy: workloadPolicySchema,
  /** The cluster whose machine runs Wharf itself: always strict, cannot be relaxed. */
  controlPlaneHost: z.boolean(),
});
export type Cluster = z.infer<typeof clusterSchema>;

export {
  newlyAllowed,
  POLICY_RULES,
  relaxedRules,
  STRICT_POLICY,
  type PolicyRule,
  type WorkloadPolicy,
} from "@/lib/protocol/workload-policy";

/** The whole policy (PUT): omitted rules fall back to strict, so {} restores the strict policy. */
export const updateWorkloadPolicySchema = workloadPolicySchema;
export type UpdateWorkloadPolicyInput = z.input<typeof updateWorkloadPolicySchema>;

export const createClusterSchema = z.strictObject({ name: nameSchema, description: z.string().trim().max(500).optional() });
export const updateClusterSchema = z.strictObject({ name: nameSchema.optional(), description: z.string().trim().max(500).optional() });

export const joinTokenSchema = z.object({
  id: idSchema,
  role: nodeRoleSchema,
  prefix: z.string(),
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  revokedAt: isoDateSchema.nullable(),
  lastUsedAt: isoDateSchema.nullable(),
  useCount: z.number().int(),
  /** At most this many machines may join with it; null: any number until it expires. */
  maxUses: z.number().int().nullable(),
});
export type JoinToken = z.infer<typeof joinTokenSchema>;

export const installCommandsSchema = z.object({ script: z.string(), docker: z.string(), node: z.string() });
export const createdJoinTokenSchema = joinTokenSchema.extend({ token: z.string(), commands: installCommandsSchema });
export type CreatedJoinToken = z.infer<typeof createdJoinTokenSchema>;

export const createJoinTokenSchema = z.strictObject({
  role: nodeRoleSchema,
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional(),
  /** 1 = a single machine; absent or null = any number of machines until it expires. */
  maxUses: z.number().int().min(1).max(1000).nullable().optional(),
});

/**
 * Swarm node labels users may set; wharf.* and com.docker.* are reserved for the system, except
 * `wharf.lb` ("true": this node runs the cluster's HAProxy load balancers).
 */
export const nodeLabelsSchema = z
  .record(
    z
      .string()
      .regex(
        /^(?!wharf\.(?!lb$)|com\.docker\.)[a-zA-Z0-9][a-zA-Z0-9._-]{0,127}$/,
        "must be 1-128 letters, digits, dots, dashes or underscores and not start with wharf. (except wharf.lb) or com.docker.",
      ),
    z.string().max(256),
  )
  .refine((labels) => Object.keys(labels).length <= 50, "at most 50 labels");

export const updateNodeSchema = z.strictObject({
  labels: nodeLabelsSchema.optional(),
  availability: availabilitySchema.optional(),
  role: nodeRoleSchema.optional(),
});
export type UpdateNodeInput = z.infer<typeof updateNodeSchema>;

export const nodeSchema = z.object({
  id: idSchema,
  clusterId: idSchema,
  hostname: z.string(),
  status: nodeStatusSchema,
  statusChangedAt: isoDateSchema,
  lastSeenAt: isoDateSchema.nullable(),
  role: nodeRoleSchema,
  swarmRole: nodeRoleSchema.nullable(),
  swarmLeader: z.boolean(),
  availability: availabilitySchema,
  swarmAvailability: availabilitySchema.nullable(),
  labels: z.record(z.string(), z.string()),
  swarmLabels: z.record(z.string(), z.string()).nullable(),
  swarmNodeId: z.string().nullable(),
  address: z.string().nullable(),
  cpuCores: z.number().int(),
  memoryBytes: z.number(),
  dockerVersion: z.string().nullable(),
  gpuCount: z.number().int(),
  os: z.object({ name: z.string(), kernel: z.string(), arch: z.string() }).nullable(),
  disk: z.object({ totalBytes: z.number(), freeBytes: z.number() }).nullable(),
  usage: z
    .object({ cpuPercent: z.number(), memoryUsedBytes: z.number(), memoryTotalBytes: z.number(), load1: z.number(), at: isoDateSchema })
    .nullable(),
  containers: z.object({ running: z.number().int(), total: z.number().int(), unhealthy: z.number().int() }).nullable(),
  agentVersion: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: isoDateSchema.nullable(),
  /** Desired labels, availability or role not yet applied to the swarm. */
  pendingChanges: z.boolean(),
  removeRequestedAt: isoDateSchema.nullable(),
  /** When set, the agent was disconnected and cannot reconnect with its credential. */
  credentialRevokedAt: isoDateSchema.nullable(),
  /** A removed node's page stays readable (it may ask to join again). */
  removedAt: isoDateSchema.nullable(),
  /** A join named this node's machine again; refused until an admin allows it. */
  rejoinRequestedAt: isoDateSchema.nullable(),
  /** An admin allowed the machine to join again (valid for a limited time, for one join). */
  rejoinApprovedAt: isoDateSchema.nullable(),
  rejoinApprovalExpiresAt: isoDateSchema.nullable(),
  /** Where the last recorded request came from (one node only; null in lists). */
  rejoinRequestFrom: z.object({ ip: z.string().nullable(), hostname: z.string(), tokenRole: nodeRoleSchema }).nullable(),
  createdAt: isoDateSchema,
});
export type ClusterNode = z.infer<typeof nodeSchema>;

export const commandSchema = z.object({
  id: idSchema,
  type: z.string(),
  status: z.enum(["PENDING", "SENT", "SUCCEEDED", "FAILED", "TIMED_OUT"]),
  payload: z.unknown(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
  sentAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
});
export type NodeCommand = z.infer<typeof commandSchema>;

/** A machine asking to join its cluster again (its node may be active, revoked or removed). */
export const rejoinRequestSchema = z.object({
  nodeId: idSchema,
  hostname: z.string(),
  state: z.enum(["active", "revoked", "removed"]),
  requestedAt: isoDateSchema,
  approvedAt: isoDateSchema.nullable(),
});
export type RejoinRequest = z.infer<typeof rejoinRequestSchema>;

const clusterParams = z.object({ clusterId: idSchema });
const tokenParams = z.object({ clusterId: idSchema, joinTokenId: idSchema });
const nodeParams = z.object({ nodeId: idSchema });

export const clusterEndpoints = {
  list: endpoint({
    id: "clusters.list",
    method: "GET",
    path: "/clusters",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.read",
    summary: "Clusters of the organisation with node counts by status.",
    query: paginationQuerySchema,
    response: pageOf(clusterSchema),
  }),
  create: endpoint({
    id: "clusters.create",
    method: "POST",
    path: "/clusters",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Create a cluster; then add machines with a join token.",
    body: createClusterSchema,
    response: clusterSchema,
    status: 201,
  }),
  get: endpoint({
    id: "clusters.get",
    method: "GET",
    path: "/clusters/{clusterId}",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.read",
    summary: "One cluster.",
    params: clusterParams,
    response: clusterSchema,
  }),
  update: endpoint({
    id: "clusters.update",
    method: "PATCH",
    path: "/clusters/{clusterId}",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Rename or describe a cluster.",
    params: clusterParams,
    body: updateClusterSchema,
    response: clusterSchema,
  }),
  updateWorkloadPolicy: endpoint({
    id: "clusters.updateWorkloadPolicy",
    method: "PUT",
    path: "/clusters/{clusterId}/workload-policy",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary:
      "Replace the cluster's workload policy: owners only (the clusters.policy permission, checked once the cluster is found, so another organisation's cluster is a 404), audited. Omitted rules are strict; the control-plane host's cluster cannot be relaxed (409).",
    params: clusterParams,
    body: updateWorkloadPolicySchema,
    response: clusterSchema,
  }),
  delete: endpoint({
    id: "clusters.delete",
    method: "DELETE",
    path: "/clusters/{clusterId}",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Delete an empty cluster (remove its nodes first).",
    params: clusterParams,
    response: okSchema,
  }),
  listJoinTokens: endpoint({
    id: "joinTokens.list",
    method: "GET",
    path: "/clusters/{clusterId}/join-tokens",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Join tokens of a cluster (secrets are never returned).",
    params: clusterParams,
    response: listOf(joinTokenSchema),
  }),
  createJoinToken: endpoint({
    id: "joinTokens.create",
    method: "POST",
    path: "/clusters/{clusterId}/join-tokens",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Create a join token and the install commands that use it (shown once).",
    params: clusterParams,
    body: createJoinTokenSchema,
    response: createdJoinTokenSchema,
    status: 201,
  }),
  revokeJoinToken: endpoint({
    id: "joinTokens.revoke",
    method: "DELETE",
    path: "/clusters/{clusterId}/join-tokens/{joinTokenId}",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Revoke a join token; machines already joined keep working.",
    params: tokenParams,
    response: okSchema,
  }),
  rotateJoinToken: endpoint({
    id: "joinTokens.rotate",
    method: "POST",
    path: "/clusters/{clusterId}/join-tokens/{joinTokenId}/rotate",
    tags: ["clusters"],
    auth: "org",
    permission: "clusters.manage",
    summary: "Replace a join token with a new one of the same role; the old one stops working.",
    params: tokenParams,
    response: createdJoinTokenSchema,
    status: 201,
  }),
  listNodes: endpoint({
    id: "nodes.list",
    method: "GET",
    path: "/clusters/{clusterId}/nodes",
    tags: ["nodes"],
    auth: "org",
    permission: "clusters.read",
    summary: "Nodes of a cluster with status, resources and live utilisation.",
    params: clusterParams,
    response: listOf(nodeSchema),
  }),
  getNode: endpoint({
    id: "nodes.get",
    method: "GET",
    path: "/nodes/{nodeId}",
    tags: ["nodes"],
    auth: "org",
    permission: "clusters.read",
    summary: "One node.",
    params: nodeParams,
    response: nodeSchema,
  }),
  updateNode: endpoint({
    id: "nodes.update",
    method: "PATCH",
    path: "/nodes/{nodeId}",
    tags: ["nodes"],
    auth: "org",
    permission: "nodes.manage",
    summary: "Set a node's labels, availability (drain/active) or role (promote/demote); applied to the swarm by a worker.",
    params: nodeParams,
    body: updateNodeSchema,
    response: nodeSchema,
  }),
  removeNode: endpoint({
    id: "nodes.remove",
    method: "DELETE",
    path: "/nodes/{nodeId}",
    tags: ["nodes"],
    auth: "org",
    permission: "nodes.manage",
    summary: "Remove a node: it leaves the swarm, is removed from it and its agent is disconnected.",
    params: nodeParams,
    response: nodeSchema,
  }),
  revokeNodeCredential: endpoint({
    id: "nodes.revokeCredential",
    method: "POST",
    path: "/nodes/{nodeId}/revoke-credential",
    tags: ["nodes"],
    auth: "org",
    permission: "nodes.manage",
    summary: "Revoke the node's agent credential: the agent is disconnected at once and cannot reconnect.",
    params: nodeParams,
    response: nodeSchema,
  }),
  listRejoinRequests: endpoint({
    id: "nodes.rejoinRequests",
    method: "GET",
    path: "/clusters/{clusterId}/rejoin-requests",
    tags: ["nodes"],
    auth: "org",
    permission: "clusters.read",
    summary: "Machines of the cluster asking to join again (reinstalled agent, revoked or removed node).",
    params: clusterParams,
    response: listOf(rejoinRequestSchema),
  }),
  allowNodeRejoin: endpoint({
    id: "nodes.allowRejoin",
    method: "POST",
    path: "/nodes/{nodeId}/allow-rejoin",
    tags: ["nodes"],
    auth: "org",
    permission: "nodes.manage",
    summary: "Allow the node's machine to join again, once, within an hour: it gets a fresh credential and at most the role the node had.",
    params: nodeParams,
    response: nodeSchema,
  }),
  listNodeCommands: endpoint({
    id: "nodes.commands",
    method: "GET",
    path: "/nodes/{nodeId}/commands",
    tags: ["nodes"],
    auth: "org",
    permission: "nodes.commands.read",
    summary: "Commands sent to the node's agent, newest first, with secrets and environment values redacted (admins and owners).",
    params: nodeParams,
    query: paginationQuerySchema,
    response: pageOf(commandSchema),
  }),
};
