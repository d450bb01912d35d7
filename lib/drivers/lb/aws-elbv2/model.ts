/**
 * AWS Elastic Load Balancing v2: how Wharf's pools map onto listeners and target groups, as pure
 * functions (unit-tested without a network).
 *
 * - A listener forwards to one target group PER POOL (main, blue, green…), weighted by the pool's
 *   share (weights.ts poolWeights: thousandths of the total, 0..999). ELBv2 cannot weigh targets
 *   inside a group: a pool's backends share its traffic evenly, a backend's weight only counts
 *   toward its pool's share, and weight 0 means "not registered" (deregistering is AWS's own
 *   connection draining, deregistration_delay, 300 s by default).
 * - A Network Load Balancer forwards to a single target group, so on an NLB every pool's backends
 *   go into the listener's one group and only one pool at a time may carry traffic.
 * - Target groups: TargetType ip, named `wharf-<port>-<pool>-<hash>` (32 characters at most, the
 *   hash of load balancer ARN + protocol + port + pool keeps names unique per account) and tagged.
 *   Listeners Wharf creates carry the same tags; anything untagged is not Wharf's and is left alone.
 */
import { createHash } from "node:crypto";
import type { LbHandle, LbProtocol, ListenerKey } from "../types";

export const TAG_MANAGED = "wharf:managed";
export const TAG_LB = "wharf:lb";
export const TAG_LISTENER = "wharf:listener";
export const TAG_POOL = "wharf:pool";
export const STICKY_SECONDS = 3600;

export type ElbKind = "application" | "network";

export function elbKind(loadBalancerArn: string): ElbKind {
  return /:loadbalancer\/net\//.test(loadBalancerArn) ? "network" : "application";
}

export const AWS_PROTOCOL: Record<LbProtocol, "HTTP" | "HTTPS" | "TCP" | "UDP"> = { http: "HTTP", https: "HTTPS", tcp: "TCP", udp: "UDP" };

/** TLS ends at the balancer: an https listener's targets speak plain HTTP (as behind HAProxy). */
export const TARGET_PROTOCOL: Record<LbProtocol, "HTTP" | "TCP" | "UDP"> = { http: "HTTP", https: "HTTP", tcp: "TCP", udp: "UDP" };

export function fromAwsProtocol(p: string | undefined): LbProtocol | null {
  const found = (Object.keys(AWS_PROTOCOL) as LbProtocol[]).find((k) => AWS_PROTOCOL[k] === p);
  return found ?? null;
}

export function supportsProtocol(kind: ElbKind, protocol: LbProtocol): boolean {
  return kind === "application" ? protocol === "http" || protocol === "https" : protocol === "tcp" || protocol === "udp";
}

export const listenerTag = (key: Pick<ListenerKey, "port" | "protocol">) => `${key.protocol}:${key.port}`;

export function targetGroupName(loadBalancerArn: string, key: Pick<ListenerKey, "port" | "protocol">, pool: string): string {
  const hash = createHash("sha256").update(`${loadBalancerArn}|${key.protocol}|${key.port}|${pool}`).digest("hex").slice(0, 8);
  const slug =
    pool
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 8) || "pool";
  return `wharf-${key.port}-${slug}-${hash}`;
}

export type Tag = { Key: string; Value: string };

export function wharfTags(lb: Pick<LbHandle, "name">, key: Pick<ListenerKey, "port" | "protocol">, pool?: string): Tag[] {
  return [
    { Key: TAG_MANAGED, Value: "true" },
    { Key: TAG_LB, Value: lb.name.slice(0, 256) },
    { Key: TAG_LISTENER, Value: listenerTag(key) },
    ...(pool ? [{ Key: TAG_POOL, Value: pool.slice(0, 256) }] : []),
  ];
}

export type WeightedGroup = { arn: string; weight: number };

/**
 * The forward default action for these groups (always ForwardConfig, also for a single group).
 * `sticky` null leaves stickiness out (NLB listeners have no group-level stickiness).
 */
export function forwardAction(groups: WeightedGroup[], sticky: boolean | null) {
  return {
    Type: "forward" as const,
    ForwardConfig: {
      TargetGroups: groups.map((g) => ({ TargetGroupArn: g.arn, Weight: g.weight })),
      ...(sticky === null
        ? {}
        : { TargetGroupStickinessConfig: sticky ? { Enabled: true, DurationSeconds: STICKY_SECONDS } : { Enabled: false } }),
    },
  };
}

/** Same groups with the same weights, order aside. */
export function sameForward(a: WeightedGroup[], b: WeightedGroup[]): boolean {
  if (a.length !== b.length) return false;
  const weights = new Map(a.map((g) => [g.arn, g.weight]));
  return b.every((g) => weights.get(g.arn) === g.weight);
}

export type TargetState = "initial" | "healthy" | "unhealthy" | "unused" | "draining" | "unavailable" | "unhealthy.draining";

export type Target = { id: string; port: number; state: TargetState | string };

export const isDraining = (t: Pick<Target, "state">) => t.state === "draining" || t.state === "unhealthy.draining";
/** A registered target's identity (its Id is the backend's address), and a backend's. */
export const targetKey = (t: Pick<Target, "id" | "port">) => `${t.id}:${t.port}`;
export const backendKey = (b: { address: string; port: number }) => `${b.address}:${b.port}`;

/** Registrations and deregistrations that make a group hold exactly `desired` (draining ones count as gone). */
export function planTargets(current: Target[], desired: { address: string; port: number }[]) {
  const live = new Map(current.filter((t) => !isDraining(t)).map((t) => [targetKey(t), t]));
  const wanted = new Map(desired.map((d) => [backendKey(d), d]));
  return {
    register: [...wanted.entries()].filter(([k]) => !live.has(k)).map(([, d]) => ({ Id: d.address, Port: d.port })),
    deregister: [...live.entries()].filter(([k]) => !wanted.has(k)).map(([, t]) => ({ Id: t.id, Port: t.port })),
  };
}

/** Target health → Wharf's view: healthy true/false, null while unknown (initial, unused, unavailable, draining). */
export function healthOf(state: string): boolean | null {
  if (state === "healthy") return true;
  if (state === "unhealthy") return false;
  return null;
}

/** Targets per RegisterTargets/DeregisterTargets call (kept well under the API's limits). */
export function chunks<T>(items: T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
