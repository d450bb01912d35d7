/**
 * The Alibaba Cloud SLB driver: listeners and VServer groups on the user's existing classic SLB
 * instance (see model.ts for the mapping). Wharf only touches listeners whose Description and
 * groups whose name are its own (`wharf-<lb name>-<protocol>-<port>`); a port held by anything else
 * is a CONFLICT, never taken over. Every method reads first and changes only what differs, so a
 * repeated call makes no state-changing API call.
 */
import { AppError } from "@/lib/errors";
import { connectionFailure } from "../connection-failure";
import type {
  BackendRef,
  LbHandle,
  LbProtocol,
  ListenerKey,
  ListenerSpec,
  LoadBalancerDriver,
  ObservedBackend,
  ObservedListener,
  TestConnectionResult,
  WeightedBackend,
} from "../types";
import { unreportedStats } from "../unreported-stats";
import { assertValidBackends } from "../weights";
import { openSlbApi, type SlbApi, type SlbApiOptions } from "./api";
import { changedAttributes, createOnlyParams, desiredAttributes } from "./listener-params";
import {
  ACTION_PROTOCOL,
  batches,
  groupName,
  isEmptyPlan,
  listOf,
  parseDescription,
  planServers,
  serverFrom,
  serverKey,
  serversParam,
  sharesPortSpace,
  toServers,
  type SlbServer,
} from "./model";

type Listed = { port: number; protocol: LbProtocol };
type Group = { id: string; name: string };

const PROTOCOLS: LbProtocol[] = ["tcp", "udp", "http", "https"];
const lbTarget = (api: SlbApi, key?: Pick<ListenerKey, "port" | "protocol">) =>
  `${api.settings.loadBalancerId}${key ? ` listener ${key.protocol}:${key.port}` : ""}`;

function refuseRoutes(key: { route?: string; routes?: unknown[] }): void {
  if (key.route || key.routes?.length) {
    throw new AppError(
      "INVALID_INPUT",
      "aliyun-slb: HTTP virtual-host routes are served by the cluster's HAProxy; an SLB listener forwards to one pool",
    );
  }
}

async function listeners(api: SlbApi): Promise<Listed[]> {
  const attr = await api.call("DescribeLoadBalancerAttribute", { LoadBalancerId: api.settings.loadBalancerId }, lbTarget(api));
  const current = listOf<Record<string, unknown>>(attr.ListenerPortsAndProtocol, "ListenerPortAndProtocol");
  // older answers only carry the misspelt ListenerPortsAndProtocal/ListenerProtocal
  const legacy = listOf<Record<string, unknown>>(attr.ListenerPortsAndProtocal, "ListenerPortAndProtocal");
  return (current.length ? current : legacy)
    .map((l) => ({ port: Number(l.ListenerPort), protocol: String(l.ListenerProtocol ?? l.ListenerProtocal).toLowerCase() as LbProtocol }))
    .filter((l) => PROTOCOLS.includes(l.protocol));
}

async function groups(api: SlbApi): Promise<Group[]> {
  const res = await api.call("DescribeVServerGroups", { LoadBalancerId: api.settings.loadBalancerId }, lbTarget(api));
  return listOf<Record<string, unknown>>(res.VServerGroups, "VServerGroup").map((g) => ({
    id: String(g.VServerGroupId),
    name: String(g.VServerGroupName ?? ""),
  }));
}

const listenerAttribute = (api: SlbApi, key: Listed) =>
  api.call(
    `DescribeLoadBalancer${ACTION_PROTOCOL[key.protocol]}ListenerAttribute`,
    { LoadBalancerId: api.settings.loadBalancerId, ListenerPort: key.port },
    lbTarget(api, key),
  );

async function servers(api: SlbApi, group: Group, key: Listed): Promise<SlbServer[]> {
  const res = await api.call("DescribeVServerGroupAttribute", { VServerGroupId: group.id }, `${lbTarget(api, key)} group ${group.id}`);
  return listOf<Record<string, unknown>>(res.BackendServers, "BackendServer").map(serverFrom);
}

async function wharfGroup(api: SlbApi, lb: LbHandle, key: Listed): Promise<Group> {
  const name = groupName(lb, key);
  const group = (await groups(api)).find((g) => g.name === name);
  if (!group)
    throw new AppError("NOT_FOUND", `aliyun-slb: ${lbTarget(api, key)} has no Wharf VServer group (${name}); create the listener first`);
  return group;
}

async function ensureListener(lb: LbHandle, spec: ListenerSpec, o: SlbApiOptions): Promise<void> {
  refuseRoutes(spec);
  const api = await openSlbApi(lb, o);
  const name = groupName(lb, spec);
  const target = lbTarget(api, spec);
  const onPort = (await listeners(api)).filter((l) => l.port === spec.port && sharesPortSpace(l.protocol, spec.protocol));
  const other = onPort.find((l) => l.protocol !== spec.protocol);
  if (other) {
    const theirs = String((await listenerAttribute(api, other)).Description ?? "") === groupName(lb, other);
    throw new AppError(
      "CONFLICT",
      `aliyun-slb: port ${spec.port} of ${api.settings.loadBalancerId} has a ${other.protocol} listener${theirs ? " (Wharf's; delete it first)" : " that Wharf did not create"}`,
    );
  }
  const existing = onPort.find((l) => l.protocol === spec.protocol);
  const current = existing ? await listenerAttribute(api, existing) : null;
  if (current && String(current.Description ?? "") !== name) {
    throw new AppError(
      "CONFLICT",
      `aliyun-slb: ${target} exists and was not created by Wharf (its description is not ${name}); Wharf leaves it alone`,
    );
  }
  let group = (await groups(api)).find((g) => g.name === name);
  if (!group) {
    const created = await api.call("CreateVServerGroup", { LoadBalancerId: api.settings.loadBalancerId, VServerGroupName: name }, target);
    group = { id: String(created.VServerGroupId), name };
  }
  const desired = desiredAttributes(spec, group.id, name);
  const action = ACTION_PROTOCOL[spec.protocol];
  const where = { LoadBalancerId: api.settings.loadBalancerId, ListenerPort: spec.port };
  if (!current) {
    await api.call(`CreateLoadBalancer${action}Listener`, { ...where, ...createOnlyParams(spec), ...desired }, target);
  } else {
    const changed = changedAttributes(desired, current);
    if (Object.keys(changed).length) await api.call(`SetLoadBalancer${action}ListenerAttribute`, { ...where, ...changed }, target);
  }
  if (!current || String(current.Status) !== "running") {
    await api.call("StartLoadBalancerListener", { ...where, ListenerProtocol: spec.protocol }, target);
  }
}

async function setBackends(lb: LbHandle, key: ListenerKey, backends: WeightedBackend[], o: SlbApiOptions): Promise<void> {
  refuseRoutes(key);
  assertValidBackends("aliyun-slb", backends);
  const desired = toServers(backends); // refuses backends without an instance id before any call
  const api = await openSlbApi(lb, o);
  const group = await wharfGroup(api, lb, key);
  const plan = planServers(await servers(api, group, key), desired);
  if (isEmptyPlan(plan)) return;
  const target = `${lbTarget(api, key)} group ${group.id}`;
  const send = (action: string, list: SlbServer[]) =>
    api.call(action, { VServerGroupId: group.id, BackendServers: serversParam(list) }, target);
  // new backends first, weights next, leaving backends last: the pool never runs dry mid-change
  for (const batch of batches(plan.add)) await send("AddVServerGroupBackendServers", batch);
  for (const { old, new: next } of plan.replace) {
    await api.call(
      "ModifyVServerGroupBackendServers",
      { VServerGroupId: group.id, OldBackendServers: serversParam([old]), NewBackendServers: serversParam([next]) },
      target,
    );
  }
  for (const batch of batches(plan.reweight)) await send("SetVServerGroupAttribute", batch);
  for (const batch of batches(plan.remove)) await send("RemoveVServerGroupBackendServers", batch);
}

async function drainBackend(lb: LbHandle, key: ListenerKey, backend: string | BackendRef, o: SlbApiOptions): Promise<void> {
  refuseRoutes(key);
  const api = await openSlbApi(lb, o);
  const group = await wharfGroup(api, lb, key);
  const id = typeof backend === "string" ? backend : backend.id;
  const found = (await servers(api, group, key)).find(
    (s) =>
      parseDescription(s.Description)?.id === id ||
      (typeof backend !== "string" && s.ServerIp === backend.address && s.Port === backend.port),
  );
  if (!found || found.Weight === 0) return; // gone already, or drained
  await api.call(
    "SetVServerGroupAttribute",
    { VServerGroupId: group.id, BackendServers: serversParam([{ ...found, Weight: 0 }]) },
    `${lbTarget(api, key)} group ${group.id}`,
  );
}

async function deleteListener(lb: LbHandle, key: ListenerKey, o: SlbApiOptions): Promise<void> {
  const api = await openSlbApi(lb, o);
  const name = groupName(lb, key);
  const target = lbTarget(api, key);
  const existing = (await listeners(api)).find((l) => l.port === key.port && l.protocol === key.protocol);
  if (existing && String((await listenerAttribute(api, existing)).Description ?? "") === name) {
    await api.call(
      "DeleteLoadBalancerListener",
      { LoadBalancerId: api.settings.loadBalancerId, ListenerPort: key.port, ListenerProtocol: key.protocol },
      target,
    );
  }
  for (const g of (await groups(api)).filter((g) => g.name === name))
    await api.call("DeleteVServerGroup", { VServerGroupId: g.id }, `${target} group ${g.id}`);
}

function observedBackend(s: SlbServer, health: Map<string, string>): ObservedBackend {
  const meta = parseDescription(s.Description);
  const status = health.get(serverKey(s));
  return {
    id: meta?.id ?? `${s.ServerId}:${s.Port}`,
    pool: meta?.pool ?? "main",
    address: s.ServerIp ?? "",
    port: s.Port,
    weight: s.Weight,
    instanceId: s.ServerId,
    state: s.Weight === 0 ? "draining" : "active",
    healthy: status === "normal" ? true : status === "abnormal" ? false : null,
  };
}

async function describe(lb: LbHandle, o: SlbApiOptions): Promise<{ listeners: ObservedListener[] }> {
  const api = await openSlbApi(lb, o);
  const byName = new Map((await groups(api)).map((g) => [g.name, g]));
  const out: ObservedListener[] = [];
  for (const l of await listeners(api)) {
    const group = byName.get(groupName(lb, l));
    if (!group) continue;
    const attr = await listenerAttribute(api, l);
    if (String(attr.Description ?? "") !== group.name) continue; // a port Wharf does not own
    const health = await api.call(
      "DescribeHealthStatus",
      { LoadBalancerId: api.settings.loadBalancerId, ListenerPort: l.port, ListenerProtocol: l.protocol },
      lbTarget(api, l),
    );
    const status = new Map(
      listOf<Record<string, unknown>>(health.BackendServers, "BackendServer").map((h) => [
        serverKey(serverFrom(h)),
        String(h.ServerHealthStatus),
      ]),
    );
    const http = l.protocol === "http" || l.protocol === "https";
    out.push({
      port: l.port,
      protocol: l.protocol,
      ...(http ? { stickySessions: String(attr.StickySession) === "on" } : {}),
      ...(l.protocol === "https" && attr.ServerCertificateId ? { certificateIds: [String(attr.ServerCertificateId)] } : {}),
      backends: (await servers(api, group, l)).map((s) => observedBackend(s, status)),
    });
  }
  return { listeners: out };
}

async function testConnection(lb: LbHandle, o: SlbApiOptions): Promise<TestConnectionResult> {
  try {
    const api = await openSlbApi(lb, o);
    const attr = await api.call("DescribeLoadBalancerAttribute", { LoadBalancerId: api.settings.loadBalancerId }, lbTarget(api));
    const name = String(attr.LoadBalancerName || api.settings.loadBalancerId);
    return {
      ok: true,
      message: `Connected: SLB ${name} (${String(attr.Address ?? "no address")}, ${String(attr.LoadBalancerStatus ?? "unknown status")}) in ${api.settings.regionId}`,
    };
  } catch (error) {
    return connectionFailure(error, {
      provider: "Alibaba Cloud",
      credentialsHint: "check the AccessKey ID and secret and the RAM user's SLB permissions",
      notFoundCode: "InvalidLoadBalancerId.NotFound",
      notFound: "No such SLB instance in this region",
      notFoundHint: "check the region and the instance id",
    });
  }
}

export function createAliyunSlbDriver(o: SlbApiOptions = {}): LoadBalancerDriver {
  return {
    kind: "aliyun-slb",
    testConnection: (lb) => testConnection(lb, o),
    ensureListener: (lb, spec) => ensureListener(lb, spec, o),
    setBackends: (lb, key, backends) => setBackends(lb, key, backends, o),
    drainBackend: (lb, key, backend) => drainBackend(lb, key, backend, o),
    deleteListener: (lb, key) => deleteListener(lb, key, o),
    describe: (lb) => describe(lb, o),
    // SLB traffic figures live in CloudMonitor
    stats: unreportedStats,
  };
}
