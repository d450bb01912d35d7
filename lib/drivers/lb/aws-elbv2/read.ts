/**
 * Reading an ELBv2 load balancer back: its listeners (all pages), which of them Wharf owns (tags),
 * the target groups each one forwards to, and their targets with health.
 */
import {
  DescribeListenersCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  type Listener,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { LbProtocol } from "../types";
import type { ElbApi } from "./api";
import { fromAwsProtocol, listenerTag, TAG_LISTENER, TAG_MANAGED, TAG_POOL, type Target, type WeightedGroup } from "./model";

export type PoolGroup = WeightedGroup & { pool: string };

export type WharfListener = {
  arn: string;
  port: number;
  protocol: LbProtocol;
  /** Forward-level stickiness (null on an NLB, which has none). */
  sticky: boolean | null;
  certificateIds: string[];
  groups: PoolGroup[];
};

export type FoundListener = { owned: WharfListener } | { foreign: { port: number; protocol: string } };

const MAX_PAGES = 50;

export async function allListeners(api: ElbApi): Promise<Listener[]> {
  const out: Listener[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api.run("DescribeListeners", api.settings.loadBalancerArn, (c) =>
      c.send(new DescribeListenersCommand({ LoadBalancerArn: api.settings.loadBalancerArn, Marker: marker })),
    );
    out.push(...(res.Listeners ?? []));
    marker = res.NextMarker;
    if (!marker) break;
  }
  return out;
}

/** Tags of up to any number of resources (DescribeTags takes 20 at a time). */
export async function tagsOf(api: ElbApi, arns: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < arns.length; i += 20) {
    const batch = arns.slice(i, i + 20);
    const res = await api.run("DescribeTags", batch.length === 1 ? (batch[0] ?? "") : `${batch.length} resources`, (c) =>
      c.send(new DescribeTagsCommand({ ResourceArns: batch })),
    );
    for (const d of res.TagDescriptions ?? []) {
      if (d.ResourceArn) out.set(d.ResourceArn, Object.fromEntries((d.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])));
    }
  }
  return out;
}

/** The groups a listener's default forward action names, with their weights. */
export function forwardGroups(l: Listener): { groups: WeightedGroup[]; sticky: boolean | null } {
  const action = l.DefaultActions?.find((a) => a.Type === "forward");
  if (!action) return { groups: [], sticky: null };
  const tuples = action.ForwardConfig?.TargetGroups ?? [];
  const groups = tuples.length
    ? tuples.filter((t) => t.TargetGroupArn).map((t) => ({ arn: t.TargetGroupArn as string, weight: t.Weight ?? 1 }))
    : action.TargetGroupArn
      ? [{ arn: action.TargetGroupArn, weight: 1 }]
      : [];
  const stickiness = action.ForwardConfig?.TargetGroupStickinessConfig;
  return { groups, sticky: stickiness ? stickiness.Enabled === true : null };
}

async function toWharfListener(api: ElbApi, l: Listener): Promise<WharfListener> {
  const { groups, sticky } = forwardGroups(l);
  const tags = await tagsOf(
    api,
    groups.map((g) => g.arn),
  );
  return {
    arn: l.ListenerArn ?? "",
    port: l.Port ?? 0,
    protocol: fromAwsProtocol(l.Protocol) ?? "tcp",
    sticky,
    certificateIds: (l.Certificates ?? []).map((c) => c.CertificateArn ?? "").filter(Boolean),
    groups: groups.map((g) => ({ ...g, pool: tags.get(g.arn)?.[TAG_POOL] ?? "main" })),
  };
}

/** Wharf's listeners: the ones tagged wharf:managed with a listener tag matching their port and protocol. */
export async function wharfListeners(api: ElbApi): Promise<WharfListener[]> {
  const listeners = await allListeners(api);
  const tags = await tagsOf(api, listeners.map((l) => l.ListenerArn ?? "").filter(Boolean));
  const owned = listeners.filter((l) => {
    const t = tags.get(l.ListenerArn ?? "");
    const protocol = fromAwsProtocol(l.Protocol);
    return t?.[TAG_MANAGED] === "true" && protocol !== null && t[TAG_LISTENER] === listenerTag({ port: l.Port ?? 0, protocol });
  });
  return Promise.all(owned.map((l) => toWharfListener(api, l)));
}

/** The listener on a port: Wharf's (with its groups), somebody else's, or none. */
export async function findListener(api: ElbApi, port: number): Promise<FoundListener | null> {
  const listener = (await allListeners(api)).find((l) => l.Port === port);
  if (!listener?.ListenerArn) return null;
  const tags = (await tagsOf(api, [listener.ListenerArn])).get(listener.ListenerArn);
  const protocol = fromAwsProtocol(listener.Protocol);
  const owned = tags?.[TAG_MANAGED] === "true" && protocol !== null && tags[TAG_LISTENER] === listenerTag({ port, protocol });
  return owned ? { owned: await toWharfListener(api, listener) } : { foreign: { port, protocol: listener.Protocol ?? "?" } };
}

export async function targetsOf(api: ElbApi, groupArn: string): Promise<Target[]> {
  const res = await api.run("DescribeTargetHealth", groupArn, (c) => c.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn })));
  return (res.TargetHealthDescriptions ?? []).map((d) => ({
    id: d.Target?.Id ?? "",
    port: d.Target?.Port ?? 0,
    state: d.TargetHealth?.State ?? "unavailable",
  }));
}

export const listenerTarget = (api: ElbApi, key: { port: number; protocol: string }) =>
  `${api.settings.loadBalancerArn} listener ${key.protocol}:${key.port}`;
