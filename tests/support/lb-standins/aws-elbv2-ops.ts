/**
 * LOCAL STAND-IN — NOT AWS. The ELBv2 operations the aws-elbv2 driver calls, on in-memory state,
 * with ELBv2's validation rules where the driver depends on them: ALBs take HTTP/HTTPS listeners
 * and NLBs TCP/UDP ones; an NLB forward action names a single target group; weights are 0..999;
 * target group names are at most 32 letters, digits and hyphens and CreateTargetGroup is idempotent
 * for the same name and settings (DuplicateTargetGroupName otherwise); a group in use by a listener
 * cannot be deleted (ResourceInUse); ip targets must lie in the VPC. Deregistered targets stay
 * "draining" until the test lets the deregistration delay pass (completeDraining).
 */
import { AwsFault, type QueryValue, type XmlValue } from "./aws-elbv2-wire";
import { fakeId } from "./http-standin";

export type ElbLoadBalancer = { arn: string; name: string; type: "application" | "network"; vpcId: string; dns: string };
export type ElbForward = {
  TargetGroups: { TargetGroupArn: string; Weight: number }[];
  TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds?: number };
};
export type ElbListener = { arn: string; lbArn: string; port: number; protocol: string; certificates: string[]; forward: ElbForward };
export type ElbTarget = { id: string; port: number; state: string };
export type ElbTargetGroup = {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  matcher?: string;
  attributes: Record<string, string>;
  targets: Map<string, ElbTarget>;
};

export type ElbState = {
  account: string;
  region: string;
  /** The VPC's address range prefix (ip targets must start with it), e.g. "10.0.". */
  vpcPrefix: string;
  loadBalancers: Map<string, ElbLoadBalancer>;
  listeners: Map<string, ElbListener>;
  groups: Map<string, ElbTargetGroup>;
  tags: Map<string, Map<string, string>>;
  /** Listeners per DescribeListeners page (small in tests, so paging is exercised). */
  pageSize: number;
};

type Q = Record<string, QueryValue>;
const str = (v: QueryValue | undefined) => (typeof v === "string" ? v : undefined);
const list = (v: QueryValue | undefined): QueryValue[] => (Array.isArray(v) ? v.filter((x) => x !== undefined) : []);
const obj = (v: QueryValue | undefined): Q => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const invalid = (message: string) => new AwsFault(400, "ValidationError", message);

function need(q: Q, name: string): string {
  const v = str(q[name]);
  if (!v) throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  return v;
}

function lbOf(s: ElbState, arn: string): ElbLoadBalancer {
  const lb = s.loadBalancers.get(arn);
  if (!lb) throw new AwsFault(400, "LoadBalancerNotFound", `Load balancers '[${arn}]' not found`);
  return lb;
}
function groupOf(s: ElbState, arn: string): ElbTargetGroup {
  const g = s.groups.get(arn);
  if (!g) throw new AwsFault(400, "TargetGroupNotFound", `Target groups '[${arn}]' not found`);
  return g;
}
function listenerOf(s: ElbState, arn: string): ElbListener {
  const l = s.listeners.get(arn);
  if (!l) throw new AwsFault(400, "ListenerNotFound", `Listener '${arn}' not found`);
  return l;
}

function setTags(s: ElbState, arn: string, raw: QueryValue | undefined): void {
  const tags = s.tags.get(arn) ?? new Map<string, string>();
  for (const t of list(raw).map(obj)) tags.set(need(t, "Key"), str(t.Value) ?? "");
  s.tags.set(arn, tags);
}

const ALB_PROTOCOLS = ["HTTP", "HTTPS"];
const NLB_PROTOCOLS = ["TCP", "UDP", "TLS", "TCP_UDP"];

/** Validates a listener's DefaultActions the way ELBv2 does for the cases Wharf uses. */
function parseForward(s: ElbState, lb: ElbLoadBalancer, protocol: string, raw: QueryValue | undefined): ElbForward {
  const actions = list(raw).map(obj);
  if (actions.length !== 1 || str(actions[0]?.Type) !== "forward")
    throw invalid("This stand-in supports exactly one default action of type forward");
  const action = actions[0] as Q;
  const config = obj(action.ForwardConfig);
  const tuples = list(config.TargetGroups).map(obj);
  const single = str(action.TargetGroupArn);
  const groups = tuples.length
    ? tuples.map((t) => ({ TargetGroupArn: need(t, "TargetGroupArn"), Weight: str(t.Weight) === undefined ? 1 : Number(t.Weight) }))
    : single
      ? [{ TargetGroupArn: single, Weight: 1 }]
      : [];
  if (!groups.length) throw invalid("A forward action must specify a target group");
  if (lb.type === "network" && groups.length > 1)
    throw invalid("You can specify only one target group for a forward action on a Network Load Balancer");
  for (const g of groups) {
    if (!Number.isInteger(g.Weight) || g.Weight < 0 || g.Weight > 999)
      throw invalid(`Target group weight ${g.Weight} must be between 0 and 999`);
    const tg = groupOf(s, g.TargetGroupArn);
    if (tg.vpcId !== lb.vpcId) throw invalid(`Target group ${tg.name} is in another VPC`);
    const compatible =
      lb.type === "application"
        ? tg.protocol === "HTTP" || tg.protocol === "HTTPS"
        : tg.protocol === protocol || (protocol === "TCP" && tg.protocol === "TCP");
    if (!compatible)
      throw new AwsFault(
        400,
        "IncompatibleProtocols",
        `The protocol of target group ${tg.name} (${tg.protocol}) is not compatible with listener protocol ${protocol}`,
      );
    const elsewhere = [...s.listeners.values()].find(
      (l) => l.lbArn !== lb.arn && l.forward.TargetGroups.some((x) => x.TargetGroupArn === tg.arn),
    );
    if (elsewhere)
      throw new AwsFault(400, "TargetGroupAssociationLimit", `Target group ${tg.name} is already associated with another load balancer`);
  }
  const sticky = obj(config.TargetGroupStickinessConfig);
  const forward: ElbForward = { TargetGroups: groups };
  if (str(sticky.Enabled) !== undefined)
    forward.TargetGroupStickinessConfig = {
      Enabled: str(sticky.Enabled) === "true",
      ...(str(sticky.DurationSeconds) ? { DurationSeconds: Number(sticky.DurationSeconds) } : {}),
    };
  if (forward.TargetGroupStickinessConfig && lb.type === "network")
    throw invalid("Target group stickiness is not supported for Network Load Balancers");
  return forward;
}

function checkProtocol(lb: ElbLoadBalancer, protocol: string, certificates: string[]): void {
  const allowed = lb.type === "application" ? ALB_PROTOCOLS : NLB_PROTOCOLS;
  if (!allowed.includes(protocol)) throw invalid(`Listener protocol '${protocol}' must be one of '${allowed.join(", ")}'`);
  if ((protocol === "HTTPS" || protocol === "TLS") && certificates.length === 0)
    throw invalid(`A certificate must be specified for ${protocol} listeners`);
}

export const listenerXml = (l: ElbListener): XmlValue => ({
  ListenerArn: l.arn,
  LoadBalancerArn: l.lbArn,
  Port: l.port,
  Protocol: l.protocol,
  ...(l.certificates.length ? { Certificates: l.certificates.map((c) => ({ CertificateArn: c })) } : {}),
  DefaultActions: [
    {
      Type: "forward",
      ...(l.forward.TargetGroups.length === 1 ? { TargetGroupArn: l.forward.TargetGroups[0]?.TargetGroupArn } : {}),
      ForwardConfig: {
        TargetGroups: l.forward.TargetGroups,
        ...(l.forward.TargetGroupStickinessConfig ? { TargetGroupStickinessConfig: l.forward.TargetGroupStickinessConfig } : {}),
      },
    },
  ],
});

export const groupXml = (s: ElbState, g: ElbTargetGroup): XmlValue => ({
  TargetGroupArn: g.arn,
  TargetGroupName: g.name,
  Protocol: g.protocol,
  Port: g.port,
  VpcId: g.vpcId,
  TargetType: g.targetType,
  ...(g.matcher ? { Matcher: { HttpCode: g.matcher } } : {}),
  LoadBalancerArns: [
    ...new Set([...s.listeners.values()].filter((l) => l.forward.TargetGroups.some((t) => t.TargetGroupArn === g.arn)).map((l) => l.lbArn)),
  ],
});

const inUse = (s: ElbState, arn: string) =>
  [...s.listeners.values()].some((l) => l.forward.TargetGroups.some((t) => t.TargetGroupArn === arn));

export function createListener(s: ElbState, q: Q): Record<string, XmlValue> {
  const lb = lbOf(s, need(q, "LoadBalancerArn"));
  const protocol = need(q, "Protocol");
  const port = Number(need(q, "Port"));
  const certificates = list(q.Certificates).map((c) => need(obj(c), "CertificateArn"));
  checkProtocol(lb, protocol, certificates);
  if ([...s.listeners.values()].some((l) => l.lbArn === lb.arn && l.port === port))
    throw new AwsFault(400, "DuplicateListener", "A listener already exists on this port for this load balancer");
  const forward = parseForward(s, lb, protocol, q.DefaultActions);
  const arn = lb.arn.replace(":loadbalancer/", ":listener/") + `/${fakeId("", 16)}`;
  const l: ElbListener = { arn, lbArn: lb.arn, port, protocol, certificates, forward };
  s.listeners.set(arn, l);
  setTags(s, arn, q.Tags);
  for (const t of l.forward.TargetGroups)
    for (const target of groupOf(s, t.TargetGroupArn).targets.values()) if (target.state === "unused") target.state = "healthy";
  return { Listeners: [listenerXml(l)] };
}

export function modifyListener(s: ElbState, q: Q): Record<string, XmlValue> {
  const l = listenerOf(s, need(q, "ListenerArn"));
  const lb = lbOf(s, l.lbArn);
  const certificates = q.Certificates === undefined ? l.certificates : list(q.Certificates).map((c) => need(obj(c), "CertificateArn"));
  const protocol = str(q.Protocol) ?? l.protocol;
  checkProtocol(lb, protocol, certificates);
  const forward = q.DefaultActions === undefined ? l.forward : parseForward(s, lb, protocol, q.DefaultActions);
  Object.assign(l, { protocol, certificates, forward, port: str(q.Port) ? Number(q.Port) : l.port });
  for (const t of l.forward.TargetGroups)
    for (const target of groupOf(s, t.TargetGroupArn).targets.values()) if (target.state === "unused") target.state = "healthy";
  return { Listeners: [listenerXml(l)] };
}

export function createTargetGroup(s: ElbState, q: Q): Record<string, XmlValue> {
  const name = need(q, "Name");
  if (name.length > 32 || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name))
    throw invalid(`Target group name '${name}' must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen`);
  const settings = {
    protocol: need(q, "Protocol"),
    port: Number(need(q, "Port")),
    vpcId: need(q, "VpcId"),
    targetType: str(q.TargetType) ?? "instance",
    matcher: str(obj(q.Matcher).HttpCode),
  };
  if (![...s.loadBalancers.values()].some((lb) => lb.vpcId === settings.vpcId))
    throw invalid(`The VPC ID '${settings.vpcId}' is not found`);
  const existing = [...s.groups.values()].find((g) => g.name === name);
  if (existing) {
    const same =
      existing.protocol === settings.protocol &&
      existing.port === settings.port &&
      existing.vpcId === settings.vpcId &&
      existing.targetType === settings.targetType;
    if (!same)
      throw new AwsFault(
        400,
        "DuplicateTargetGroupName",
        `A target group with the same name '${name}' exists, but with different settings`,
      );
    return { TargetGroups: [groupXml(s, existing)] };
  }
  const arn = `arn:aws:elasticloadbalancing:${s.region}:${s.account}:targetgroup/${name}/${fakeId("", 16)}`;
  const g: ElbTargetGroup = {
    arn,
    name,
    ...settings,
    attributes: { "deregistration_delay.timeout_seconds": "300", "stickiness.enabled": "false" },
    targets: new Map(),
  };
  s.groups.set(arn, g);
  setTags(s, arn, q.Tags);
  return { TargetGroups: [groupXml(s, g)] };
}

export function modifyTargetGroupAttributes(s: ElbState, q: Q): Record<string, XmlValue> {
  const g = groupOf(s, need(q, "TargetGroupArn"));
  for (const a of list(q.Attributes).map(obj)) {
    const key = need(a, "Key");
    const value = str(a.Value) ?? "";
    if (key === "stickiness.type" && value === "lb_cookie" && g.protocol !== "HTTP" && g.protocol !== "HTTPS")
      throw invalid("lb_cookie stickiness needs an HTTP or HTTPS target group");
    if (key === "stickiness.enabled" && value !== "true" && value !== "false") throw invalid("stickiness.enabled must be true or false");
    g.attributes[key] = value;
  }
  return { Attributes: Object.entries(g.attributes).map(([Key, Value]) => ({ Key, Value })) };
}

export function registerTargets(s: ElbState, q: Q, register: boolean): Record<string, XmlValue> {
  const g = groupOf(s, need(q, "TargetGroupArn"));
  const targets = list(q.Targets).map(obj);
  if (!targets.length) throw invalid("Targets must not be empty");
  for (const t of targets) {
    const id = need(t, "Id");
    const port = str(t.Port) ? Number(t.Port) : g.port;
    const key = `${id}:${port}`;
    const current = g.targets.get(key);
    if (register) {
      if (g.targetType === "ip" && !id.startsWith(s.vpcPrefix))
        throw new AwsFault(400, "InvalidTarget", `The IP address '${id}' is not within the VPC CIDR`);
      g.targets.set(key, { id, port, state: inUse(s, g.arn) ? "healthy" : "unused" });
    } else {
      if (!current)
        throw new AwsFault(400, "InvalidTarget", `The following targets are not registered in target group ${g.name}: '${key}'`);
      if (g.attributes["deregistration_delay.timeout_seconds"] === "0") g.targets.delete(key);
      else current.state = "draining";
    }
  }
  return {};
}

export function deleteTargetGroup(s: ElbState, q: Q): Record<string, XmlValue> {
  const arn = need(q, "TargetGroupArn");
  if (inUse(s, arn)) throw new AwsFault(400, "ResourceInUse", `Target group '${arn}' is currently in use by a listener or a rule`);
  s.groups.delete(arn);
  s.tags.delete(arn);
  return {};
}

export { groupOf, lbOf, listenerOf, list, obj, str, need };
