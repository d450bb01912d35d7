/**
 * Alibaba Cloud SLB (classic, API 2014-05-15): how Wharf's pools map onto VServer groups, as pure
 * functions so they are unit-tested without a network.
 *
 * - One VServer group per listener, named `wharf-<lb name>-<protocol>-<port>`; the listener gets
 *   the same text as its Description. Those two names are how Wharf recognises what it owns.
 * - A backend is `{ServerId, Port, Weight, Type, ServerIp?, Description}`: ServerId is the node's
 *   cloud instance (`i-…` ECS → Type ecs; `eni-…` network interface or `eci-…` container instance →
 *   Type eni/eci with ServerIp = the backend address, as the API requires for those types).
 *   Description `wharf/<pool>/<task id>` keeps the pool and the id SLB has no field for.
 * - Weights 0..256 become 0..100 relative to the largest (weights.ts scaleToMax).
 * - SLB has no drain state: a leaving backend first gets weight 0 (no new connections), and is
 *   removed by the next call that still finds it at weight 0.
 */
import { AppError } from "@/lib/errors";
import type { LbHandle, LbProtocol, ListenerKey, WeightedBackend } from "../types";
import { scaleToMax } from "../weights";

export const SLB_MAX_WEIGHT = 100;
/** Backend servers per Add/Set/Remove call (API limit). */
export const SLB_BATCH = 20;

export type SlbServerType = "ecs" | "eni" | "eci";

export type SlbServer = {
  ServerId: string;
  Port: number;
  Weight: number;
  Type: SlbServerType;
  ServerIp?: string;
  Description?: string;
};

const NAME_UNSAFE = /[^A-Za-z0-9._/-]/g;

/** The VServer group name (and listener Description) of one Wharf listener; at most 80 characters. */
export function groupName(lb: Pick<LbHandle, "name">, key: Pick<ListenerKey, "port" | "protocol">): string {
  const tail = `-${key.protocol}-${key.port}`;
  return `wharf-${lb.name.replace(NAME_UNSAFE, "_").slice(0, 80 - 6 - tail.length)}${tail}`;
}

/** `wharf/<pool>/<id>`, clipped to SLB's 80 characters, unsafe characters as "_". */
export function serverDescription(b: Pick<WeightedBackend, "pool" | "id">): string {
  return `wharf/${b.pool}/${b.id}`.replace(NAME_UNSAFE, "_").slice(0, 80);
}

export function parseDescription(description: string | undefined): { pool: string; id: string } | null {
  const m = /^wharf\/([^/]+)\/(.+)$/.exec(description ?? "");
  return m?.[1] && m[2] ? { pool: m[1], id: m[2] } : null;
}

export function serverType(serverId: string): SlbServerType {
  if (serverId.startsWith("eni-")) return "eni";
  if (serverId.startsWith("eci-")) return "eci";
  return "ecs";
}

/** SLB's identity of a backend server: ECS instance + port, or ENI/ECI + IP + port. */
export function serverKey(s: Pick<SlbServer, "ServerId" | "Port" | "ServerIp"> & { Type?: string }): string {
  const type = s.Type ?? serverType(s.ServerId);
  return type === "ecs" ? `${s.ServerId}|${s.Port}` : `${s.ServerId}|${s.ServerIp ?? ""}|${s.Port}`;
}

/** The servers a pool becomes; every backend needs its node's instance id (SLB names instances, not addresses). */
export function toServers(backends: WeightedBackend[]): SlbServer[] {
  const missing = backends.filter((b) => !b.instanceId);
  if (missing.length) {
    const list = missing
      .slice(0, 5)
      .map((b) => `${b.id} (${b.address}:${b.port})`)
      .join(", ");
    throw new AppError(
      "INVALID_INPUT",
      `aliyun-slb: backends need their node's cloud instance id (ECS i-…, or eni-…/eci-…): missing for ${list}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`,
    );
  }
  const weights = scaleToMax(
    backends.map((b) => b.weight),
    SLB_MAX_WEIGHT,
  );
  const servers = backends.map((b, i): SlbServer => {
    const ServerId = b.instanceId as string;
    const Type = serverType(ServerId);
    return {
      ServerId,
      Port: b.port,
      Weight: weights[i] ?? 0,
      Type,
      ...(Type === "ecs" ? {} : { ServerIp: b.address }),
      Description: serverDescription(b),
    };
  });
  const seen = new Set<string>();
  for (const s of servers) {
    const key = serverKey(s);
    if (seen.has(key)) throw new AppError("INVALID_INPUT", `aliyun-slb: two backends are the same SLB server ${s.ServerId} port ${s.Port}`);
    seen.add(key);
  }
  return servers;
}

export type ServerPlan = {
  add: SlbServer[];
  /** Weight changes, drains (weight 0) included. */
  reweight: SlbServer[];
  /** Same server, another task (its description changes): replaced in place. */
  replace: { old: SlbServer; new: SlbServer }[];
  remove: SlbServer[];
};

/** What to call so `current` becomes `desired`; empty lists when it already is. */
export function planServers(current: SlbServer[], desired: SlbServer[]): ServerPlan {
  const plan: ServerPlan = { add: [], reweight: [], replace: [], remove: [] };
  const byKey = new Map(current.map((s) => [serverKey(s), s]));
  const wanted = new Set<string>();
  for (const d of desired) {
    const key = serverKey(d);
    wanted.add(key);
    const cur = byKey.get(key);
    if (!cur) plan.add.push(d);
    else if ((cur.Description ?? "") !== (d.Description ?? "")) plan.replace.push({ old: cur, new: d });
    else if (cur.Weight !== d.Weight) plan.reweight.push(d);
  }
  for (const [key, cur] of byKey) {
    if (wanted.has(key)) continue;
    if (cur.Weight > 0) plan.reweight.push({ ...cur, Weight: 0 });
    else plan.remove.push(cur);
  }
  return plan;
}

export const isEmptyPlan = (p: ServerPlan) => !p.add.length && !p.reweight.length && !p.replace.length && !p.remove.length;

export function batches<T>(items: T[], size = SLB_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The JSON the BackendServers parameters take. */
export function serversParam(servers: SlbServer[]): string {
  return JSON.stringify(
    servers.map((s) => ({
      ServerId: s.ServerId,
      Port: s.Port,
      Weight: s.Weight,
      Type: s.Type,
      ...(s.ServerIp ? { ServerIp: s.ServerIp } : {}),
      ...(s.Description ? { Description: s.Description } : {}),
    })),
  );
}

/** SLB lists come as `{Item: [...]}` wrappers; absent or single entries are normalised to arrays. */
export function listOf<T>(wrapper: unknown, field: string): T[] {
  const inner = wrapper && typeof wrapper === "object" ? (wrapper as Record<string, unknown>)[field] : undefined;
  if (inner === undefined || inner === null || inner === "") return [];
  return (Array.isArray(inner) ? inner : [inner]) as T[];
}

/** Parses a server from a Describe response (numbers may come as strings). */
export function serverFrom(raw: Record<string, unknown>): SlbServer {
  const ServerId = String(raw.ServerId ?? "");
  const type = String(raw.Type ?? "") || serverType(ServerId);
  return {
    ServerId,
    Port: Number(raw.Port),
    Weight: Number(raw.Weight ?? 100),
    Type: (["ecs", "eni", "eci"].includes(type) ? type : "ecs") as SlbServerType,
    ...(raw.ServerIp ? { ServerIp: String(raw.ServerIp) } : {}),
    ...(raw.Description ? { Description: String(raw.Description) } : {}),
  };
}

/** Listener protocols that share SLB's port space (UDP has its own). */
export const sharesPortSpace = (a: LbProtocol, b: LbProtocol) => (a === "udp") === (b === "udp");

export const ACTION_PROTOCOL: Record<LbProtocol, string> = { tcp: "TCP", udp: "UDP", http: "HTTP", https: "HTTPS" };
