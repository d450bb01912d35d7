/**
 * LOCAL STAND-IN — NOT ALIBABA CLOUD. The SLB (classic, API 2014-05-15) operations the aliyun-slb
 * driver calls, on in-memory state, with the response shapes of the published API reference
 * (lists wrapped as {BackendServers: {BackendServer: [...]}} etc.). Error codes follow SLB's error
 * code table where it names one (InvalidLoadBalancerId.NotFound, ListenerAlreadyExists…) and are
 * representative otherwise. Used only by tests; see aliyun-slb-standin.ts for the HTTP side.
 */
import { fakeId } from "./http-standin";

export class SlbFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type SlbServer = { ServerId: string; Port: number; Weight: number; Type: string; ServerIp?: string; Description?: string };
export type SlbListener = { port: number; protocol: string; status: "stopped" | "running"; attrs: Record<string, string> };
export type SlbGroup = { id: string; name: string; loadBalancerId: string; servers: SlbServer[] };
export type SlbInstance = { id: string; name: string; regionId: string; address: string; listeners: Map<string, SlbListener> };
export type SlbHealth = "normal" | "abnormal" | "unavailable";

export type SlbState = {
  loadBalancers: Map<string, SlbInstance>;
  groups: Map<string, SlbGroup>;
  /** ECS instances that exist (id → primary private IP): only they can be ECS backends. */
  instances: Map<string, string>;
  health: Map<string, SlbHealth>;
};

type P = Record<string, string>;
const PROTOCOLS = ["tcp", "udp", "http", "https"];
const shared = (a: string, b: string) => (a === "udp") === (b === "udp");
const key = (s: { ServerId: string; Port: number; Type?: string; ServerIp?: string }) =>
  (s.Type ?? "ecs") === "ecs" ? `${s.ServerId}|${s.Port}` : `${s.ServerId}|${s.ServerIp}|${s.Port}`;
export const healthKey = key;

function need(p: P, name: string): string {
  const v = p[name];
  if (v === undefined || v === "")
    throw new SlbFault(
      400,
      "MissingParameter",
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  return v;
}

function instance(s: SlbState, p: P): SlbInstance {
  const lb = s.loadBalancers.get(need(p, "LoadBalancerId"));
  if (!lb || (p.RegionId && p.RegionId !== lb.regionId))
    throw new SlbFault(404, "InvalidLoadBalancerId.NotFound", "The specified LoadBalancerId does not exist.");
  return lb;
}

function group(s: SlbState, p: P): SlbGroup {
  const g = s.groups.get(need(p, "VServerGroupId"));
  const lb = g && s.loadBalancers.get(g.loadBalancerId);
  if (!g || !lb || (p.RegionId && p.RegionId !== lb.regionId))
    throw new SlbFault(400, "InvalidParameter.VServerGroupId", "The specified VServerGroupId does not exist.");
  return g;
}

/** Parses and checks a BackendServers JSON parameter the way SLB documents it. */
function servers(s: SlbState, raw: string | undefined, name = "BackendServers"): SlbServer[] {
  if (raw === undefined)
    throw new SlbFault(
      400,
      "MissingParameter",
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new SlbFault(400, "InvalidParameter", `The parameter ${name} is not valid JSON.`);
  }
  if (!Array.isArray(list) || list.length === 0)
    throw new SlbFault(400, "InvalidParameter", `The parameter ${name} must be a non-empty JSON array.`);
  if (list.length > 20) throw new SlbFault(400, "InvalidParameter", `At most 20 backend servers per call (${name} has ${list.length}).`);
  return list.map((item: Record<string, unknown>) => {
    const ServerId = String(item.ServerId ?? "");
    const Type = String(item.Type ?? "ecs");
    const Port = Number(item.Port);
    const Weight = item.Weight === undefined ? 100 : Number(item.Weight);
    if (!ServerId) throw new SlbFault(400, "InvalidParameter", "ServerId is mandatory for every backend server.");
    if (!["ecs", "eni", "eci"].includes(Type)) throw new SlbFault(400, "InvalidParameter", `Type ${Type} is not one of ecs, eni, eci.`);
    if (!Number.isInteger(Port) || Port < 1 || Port > 65535)
      throw new SlbFault(400, "InvalidParameter", `Port ${String(item.Port)} is not in 1..65535.`);
    if (!Number.isInteger(Weight) || Weight < 0 || Weight > 100)
      throw new SlbFault(400, "InvalidParameter.Weight", `Weight ${String(item.Weight)} is not in 0..100.`);
    if (Type === "ecs" && !s.instances.has(ServerId))
      throw new SlbFault(400, "InvalidBackendServers.ServerIdNotFound", `The specified ServerId ${ServerId} does not exist.`);
    if (Type !== "ecs" && !item.ServerIp) throw new SlbFault(400, "InvalidParameter", `ServerIp is mandatory for ${Type} backend servers.`);
    const description = item.Description === undefined ? undefined : String(item.Description);
    if (description !== undefined && !/^[A-Za-z0-9._/-]{1,80}$/.test(description))
      throw new SlbFault(400, "InvalidParameter.Description", `Description ${description} is invalid.`);
    return {
      ServerId,
      Port,
      Weight,
      Type,
      ...(item.ServerIp ? { ServerIp: String(item.ServerIp) } : {}),
      ...(description ? { Description: description } : {}),
    };
  });
}

const view = (s: SlbState, v: SlbServer) => ({ ...v, ServerIp: v.ServerIp ?? s.instances.get(v.ServerId) ?? "" });

function listener(lb: SlbInstance, protocol: string, port: number): SlbListener {
  const l = lb.listeners.get(`${protocol}:${port}`);
  if (!l) throw new SlbFault(400, "InvalidParameter", "The specified resource does not exist.");
  return l;
}

const NUMERIC = new Set(["ListenerPort", "BackendServerPort", "Bandwidth", "CookieTimeout", "PersistenceTimeout"]);

export function createListener(s: SlbState, protocol: string, p: P) {
  const lb = instance(s, p);
  const port = Number(need(p, "ListenerPort"));
  if (protocol !== "http") need(p, "Bandwidth");
  if (protocol === "http" || protocol === "https") {
    need(p, "StickySession");
    need(p, "HealthCheck");
  }
  if (protocol === "https") need(p, "ServerCertificateId");
  if (!p.VServerGroupId) need(p, "BackendServerPort");
  if (p.VServerGroupId && group(s, p).loadBalancerId !== lb.id)
    throw new SlbFault(400, "InvalidParameter.VServerGroupId", "The VServer group belongs to another load balancer.");
  for (const l of lb.listeners.values())
    if (l.port === port && shared(l.protocol, protocol))
      throw new SlbFault(400, "ListenerAlreadyExists", "The specified listener port is already in use.");
  const attrs: Record<string, string> = { ...p };
  for (const drop of ["RegionId", "LoadBalancerId"]) delete attrs[drop];
  lb.listeners.set(`${protocol}:${port}`, { port, protocol, status: "stopped", attrs });
  return {};
}

export function setListener(s: SlbState, protocol: string, p: P) {
  const l = listener(instance(s, p), protocol, Number(need(p, "ListenerPort")));
  if (p.VServerGroupId) group(s, p);
  for (const [k, v] of Object.entries(p)) if (!["RegionId", "LoadBalancerId", "ListenerPort"].includes(k)) l.attrs[k] = v;
  return {};
}

export function describeListener(s: SlbState, protocol: string, p: P) {
  const l = listener(instance(s, p), protocol, Number(need(p, "ListenerPort")));
  const attrs = Object.fromEntries(Object.entries(l.attrs).map(([k, v]) => [k, NUMERIC.has(k) ? Number(v) : v]));
  return { ...attrs, ListenerPort: l.port, Status: l.status, Scheduler: l.attrs.Scheduler ?? "wrr", LoadBalancerId: p.LoadBalancerId };
}

function listenerByPort(lb: SlbInstance, p: P): SlbListener {
  const port = Number(need(p, "ListenerPort"));
  const matches = [...lb.listeners.values()].filter((l) => l.port === port && (!p.ListenerProtocol || l.protocol === p.ListenerProtocol));
  if (matches.length > 1)
    throw new SlbFault(400, "InvalidParameter", "ListenerProtocol is required: more than one listener uses this port.");
  if (!matches[0]) throw new SlbFault(400, "InvalidParameter", "The specified resource does not exist.");
  return matches[0];
}

export const OPERATIONS: Record<string, (s: SlbState, p: P) => Record<string, unknown>> = {
  DescribeLoadBalancerAttribute: (s, p) => {
    const lb = instance(s, p);
    const ls = [...lb.listeners.values()];
    return {
      LoadBalancerId: lb.id,
      LoadBalancerName: lb.name,
      RegionId: lb.regionId,
      Address: lb.address,
      AddressType: "intranet",
      NetworkType: "vpc",
      LoadBalancerStatus: "active",
      ListenerPorts: { ListenerPort: ls.map((l) => l.port) },
      ListenerPortsAndProtocal: { ListenerPortAndProtocal: ls.map((l) => ({ ListenerPort: l.port, ListenerProtocal: l.protocol })) },
      ListenerPortsAndProtocol: {
        ListenerPortAndProtocol: ls.map((l) => ({
          ListenerPort: l.port,
          ListenerProtocol: l.protocol,
          Description: l.attrs.Description ?? "",
        })),
      },
      BackendServers: { BackendServer: [] },
    };
  },
  DescribeVServerGroups: (s, p) => {
    const lb = instance(s, p);
    const groups = [...s.groups.values()].filter((g) => g.loadBalancerId === lb.id);
    return {
      VServerGroups: {
        VServerGroup: groups.map((g) => ({
          VServerGroupId: g.id,
          VServerGroupName: g.name,
          ServerCount: g.servers.length,
          AssociatedObjects: {
            Listeners: {
              Listener: [...lb.listeners.values()]
                .filter((l) => l.attrs.VServerGroupId === g.id)
                .map((l) => ({ Port: l.port, Protocol: l.protocol })),
            },
          },
        })),
      },
    };
  },
  CreateVServerGroup: (s, p) => {
    const lb = instance(s, p);
    const initial = p.BackendServers ? servers(s, p.BackendServers) : [];
    const g: SlbGroup = { id: fakeId("rsp-"), name: p.VServerGroupName ?? "", loadBalancerId: lb.id, servers: initial };
    s.groups.set(g.id, g);
    return { VServerGroupId: g.id, BackendServers: { BackendServer: g.servers } };
  },
  DescribeVServerGroupAttribute: (s, p) => {
    const g = group(s, p);
    return {
      VServerGroupId: g.id,
      VServerGroupName: g.name,
      LoadBalancerId: g.loadBalancerId,
      BackendServers: { BackendServer: g.servers.map((v) => view(s, v)) },
    };
  },
  AddVServerGroupBackendServers: (s, p) => {
    const g = group(s, p);
    const add = servers(s, p.BackendServers);
    for (const a of add)
      if (g.servers.some((x) => key(x) === key(a)))
        throw new SlbFault(400, "BackendServerAlreadyExist", `Backend server ${a.ServerId}:${a.Port} is already in the VServer group.`);
    g.servers.push(...add);
    return { VServerGroupId: g.id, BackendServers: { BackendServer: g.servers } };
  },
  SetVServerGroupAttribute: (s, p) => {
    const g = group(s, p);
    if (p.VServerGroupName) g.name = p.VServerGroupName;
    for (const u of p.BackendServers ? servers(s, p.BackendServers) : []) {
      const cur = g.servers.find((x) => key(x) === key(u));
      if (!cur) throw new SlbFault(400, "InvalidParameter", `Backend server ${u.ServerId}:${u.Port} is not in the VServer group.`);
      cur.Weight = u.Weight;
    }
    return { VServerGroupId: g.id, VServerGroupName: g.name, BackendServers: { BackendServer: g.servers } };
  },
  RemoveVServerGroupBackendServers: (s, p) => {
    const g = group(s, p);
    const gone = new Set(servers(s, p.BackendServers).map(key));
    for (const k of gone)
      if (!g.servers.some((x) => key(x) === k))
        throw new SlbFault(400, "InvalidParameter", `Backend server ${k} is not in the VServer group.`);
    g.servers = g.servers.filter((x) => !gone.has(key(x)));
    return { VServerGroupId: g.id, BackendServers: { BackendServer: g.servers } };
  },
  ModifyVServerGroupBackendServers: (s, p) => {
    const g = group(s, p);
    const old = servers(s, p.OldBackendServers, "OldBackendServers");
    const next = servers(s, p.NewBackendServers, "NewBackendServers");
    for (const o of old)
      if (!g.servers.some((x) => key(x) === key(o)))
        throw new SlbFault(400, "InvalidParameter", `Backend server ${o.ServerId}:${o.Port} is not in the VServer group.`);
    const gone = new Set(old.map(key));
    g.servers = [...g.servers.filter((x) => !gone.has(key(x))), ...next];
    return { VServerGroupId: g.id, BackendServers: { BackendServer: g.servers } };
  },
  DeleteVServerGroup: (s, p) => {
    const g = group(s, p);
    const lb = s.loadBalancers.get(g.loadBalancerId);
    if (lb && [...lb.listeners.values()].some((l) => l.attrs.VServerGroupId === g.id))
      throw new SlbFault(400, "ResourceInUse.VServerGroup", "The VServer group is used by a listener.");
    s.groups.delete(g.id);
    return {};
  },
  StartLoadBalancerListener: (s, p) => {
    listenerByPort(instance(s, p), p).status = "running";
    return {};
  },
  DeleteLoadBalancerListener: (s, p) => {
    const lb = instance(s, p);
    const l = listenerByPort(lb, p);
    lb.listeners.delete(`${l.protocol}:${l.port}`);
    return {};
  },
  DescribeHealthStatus: (s, p) => {
    const lb = instance(s, p);
    const ls = [...lb.listeners.values()].filter(
      (l) => (!p.ListenerPort || l.port === Number(p.ListenerPort)) && (!p.ListenerProtocol || l.protocol === p.ListenerProtocol),
    );
    const rows = ls.flatMap((l) =>
      (s.groups.get(l.attrs.VServerGroupId ?? "")?.servers ?? []).map((v) => ({
        ServerId: v.ServerId,
        Port: v.Port,
        ServerIp: view(s, v).ServerIp,
        ListenerPort: l.port,
        Protocol: l.protocol,
        ServerHealthStatus: l.status !== "running" || v.Weight === 0 ? "unavailable" : (s.health.get(key(v)) ?? "normal"),
      })),
    );
    return { BackendServers: { BackendServer: rows } };
  },
};

for (const protocol of PROTOCOLS) {
  const P = protocol.toUpperCase();
  OPERATIONS[`CreateLoadBalancer${P}Listener`] = (s, p) => createListener(s, protocol, p);
  OPERATIONS[`SetLoadBalancer${P}ListenerAttribute`] = (s, p) => setListener(s, protocol, p);
  OPERATIONS[`DescribeLoadBalancer${P}ListenerAttribute`] = (s, p) => describeListener(s, protocol, p);
}
