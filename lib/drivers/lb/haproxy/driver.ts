/**
 * The HAProxy driver: the on-premises load balancer. Each call becomes one haproxy.* agent command
 * run on every HAProxy node of the load balancer (the cluster's nodes labelled wharf.lb=true,
 * through the injected transport); the agent renders the full configuration, applies pool changes
 * through HAProxy's runtime API without a reload, and reloads seamlessly for new frontends.
 *
 * Changes must succeed on every node (a failure names the node); reads (describe, stats) take the
 * first node that answers, except the pool figures over a window, which add up every node's
 * (each sees only the requests that reached it). Weights are HAProxy's own scale (0..256), the
 * same as Wharf's.
 */
import { AppError } from "@/lib/errors";
import type { HaproxyLbSettings } from "@/lib/protocol/haproxy";
import type { CommandPayload, CommandResult } from "@/lib/protocol/commands";
import { invalidLbConfig, lbApiError } from "../errors";
import { haproxySettingsSchema } from "../settings";
import { statsWindowMs } from "../stats-window";
import type {
  LbHandle,
  LbStats,
  ListenerKey,
  ListenerSpec,
  LoadBalancerDriver,
  ObservedLoadBalancer,
  StatsOptions,
  TestConnectionResult,
  WeightedBackend,
} from "../types";
import { assertValidBackends } from "../weights";
import { mergePoolWindows } from "./pool-windows";
import type { HaproxyCommandType, HaproxyNode, HaproxyNodeOutcome, HaproxyTransport } from "./transport";

export type HaproxyDriverOptions = { transport: HaproxyTransport };

function settingsOf(lb: LbHandle): HaproxyLbSettings {
  const parsed = haproxySettingsSchema.safeParse(lb.settings ?? {});
  if (!parsed.success) throw invalidLbConfig("haproxy", "settings", parsed.error.issues);
  return parsed.data;
}

const target = (lb: LbHandle, node?: HaproxyNode) => `load balancer ${lb.name}${node ? ` on node ${node.hostname}` : ""}`;

type Failure = Extract<HaproxyNodeOutcome<unknown>, { ok: false }>;

const failureError = (lb: LbHandle, command: string, f: Failure) =>
  lbApiError({ driver: "haproxy", operation: command, target: target(lb, f.node), providerCode: f.code, providerMessage: f.message });

const listenerKey = (key: ListenerKey) => ({ port: key.port, protocol: key.protocol, ...(key.route ? { route: key.route } : {}) });

export function createHaproxyDriver({ transport }: HaproxyDriverOptions): LoadBalancerDriver {
  /** A change: it must hold on every HAProxy node. */
  async function everywhere<T extends HaproxyCommandType>(
    lb: LbHandle,
    command: T,
    payload: CommandPayload<T>,
  ): Promise<CommandResult<T>[]> {
    const outcomes = await transport.run(lb, command, payload);
    const failed = outcomes.find((o): o is Failure => !o.ok);
    if (failed) throw failureError(lb, command, failed);
    return outcomes.flatMap((o) => (o.ok ? [o.result] : []));
  }

  /** A read: the answers of the nodes that answered (at least one, in node order). */
  async function answers<T extends HaproxyCommandType>(
    lb: LbHandle,
    command: T,
    payload: CommandPayload<T>,
  ): Promise<[CommandResult<T>, ...CommandResult<T>[]]> {
    const outcomes = await transport.run(lb, command, payload);
    const [answered, ...more] = outcomes.flatMap((o) => (o.ok ? [o.result] : []));
    if (answered) return [answered, ...more];
    const failed = outcomes.find((o): o is Failure => !o.ok);
    if (failed) throw failureError(lb, command, failed);
    throw new AppError("UNAVAILABLE", `haproxy: ${target(lb)} has no HAProxy node`);
  }

  /** A read: the first node that answers. */
  const first = async <T extends HaproxyCommandType>(lb: LbHandle, command: T, payload: CommandPayload<T>): Promise<CommandResult<T>> =>
    (await answers(lb, command, payload))[0];

  async function ensureListener(lb: LbHandle, spec: ListenerSpec): Promise<void> {
    const settings = settingsOf(lb);
    if (spec.protocol === "udp")
      throw new AppError(
        "INVALID_INPUT",
        "haproxy: HAProxy cannot balance UDP; bind UDP ports to a cloud load balancer (aliyun-slb, or an aws-elbv2 Network Load Balancer)",
      );
    const certificates = spec.protocol === "https" ? await transport.certificates(lb, spec.certificateIds ?? null) : [];
    if (spec.protocol === "https" && !certificates.length) {
      const hosts = (spec.routes ?? []).flatMap((r) => r.hosts);
      throw new AppError(
        "INVALID_INPUT",
        `haproxy: the https listener on port ${spec.port} needs a certificate: upload one${hosts.length ? ` for ${hosts.slice(0, 5).join(", ")}` : ""} to the cluster`,
      );
    }
    const listener = {
      port: spec.port,
      protocol: spec.protocol,
      stickySessions: spec.stickySessions ?? false,
      routes: spec.routes ?? [],
      certificates,
    };
    await everywhere(lb, "haproxy.listener.ensure", { lbId: lb.id, settings, listener });
  }

  async function setBackends(lb: LbHandle, key: ListenerKey, backends: WeightedBackend[]): Promise<void> {
    assertValidBackends("haproxy", backends);
    const pool = backends.map((b) => ({ id: b.id, address: b.address, port: b.port, weight: b.weight, pool: b.pool }));
    await everywhere(lb, "haproxy.backends.set", { lbId: lb.id, listener: listenerKey(key), backends: pool });
  }

  async function describe(lb: LbHandle): Promise<ObservedLoadBalancer> {
    const result = await first(lb, "haproxy.describe", { lbId: lb.id });
    return {
      listeners: result.listeners.map((l) => ({
        port: l.port,
        protocol: l.protocol,
        stickySessions: l.stickySessions,
        ...(l.routes.length ? { routes: l.routes } : {}),
        ...(l.certificates.length ? { certificateIds: l.certificates } : {}),
        backends: l.pools.flatMap((p) =>
          p.servers.map((s) => ({
            id: s.id,
            address: s.address,
            port: s.port,
            weight: s.weight,
            pool: s.pool,
            state: s.state,
            healthy: s.healthy,
            ...(p.route ? { route: p.route } : {}),
          })),
        ),
      })),
    };
  }

  async function stats(lb: LbHandle, options?: StatsOptions): Promise<LbStats> {
    const windowMs = statsWindowMs(options);
    const [result, ...others] = await answers(lb, "haproxy.stats", { lbId: lb.id, windowMs });
    const reported = [result, ...others].flatMap((r) => (r.windows ? [r.windows] : []));
    return {
      at: result.at,
      available: result.running,
      listeners: result.listeners,
      ...(reported.length ? { windows: mergePoolWindows(reported) } : {}),
    };
  }

  async function testConnection(lb: LbHandle): Promise<TestConnectionResult> {
    let outcomes: HaproxyNodeOutcome<CommandResult<"haproxy.describe">>[];
    try {
      settingsOf(lb);
      outcomes = await transport.run(lb, "haproxy.describe", { lbId: lb.id });
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    const failed = outcomes.find((o): o is Failure => !o.ok);
    if (failed) return { ok: false, message: `node ${failed.node.hostname} did not answer: ${failed.code}: ${failed.message}` };
    const missing = outcomes.find((o) => o.ok && !o.result.version);
    if (missing)
      return {
        ok: false,
        message: `HAProxy is not installed on node ${missing.node.hostname}: install the haproxy package (apt-get install haproxy) there`,
      };
    const versions = [...new Set(outcomes.flatMap((o) => (o.ok && o.result.version ? [o.result.version] : [])))];
    const nodes = outcomes.map((o) => o.node.hostname);
    return {
      ok: true,
      message: `HAProxy ${versions.join(", ")} answers on ${nodes.length} node${nodes.length === 1 ? "" : "s"}: ${nodes.join(", ")}`,
    };
  }

  return {
    kind: "haproxy",
    testConnection,
    ensureListener,
    setBackends,
    drainBackend: async (lb, key, backend) => {
      await everywhere(lb, "haproxy.backend.drain", {
        lbId: lb.id,
        listener: listenerKey(key),
        backendId: typeof backend === "string" ? backend : backend.id,
      });
    },
    deleteListener: async (lb, key) => {
      await everywhere(lb, "haproxy.listener.delete", { lbId: lb.id, listener: { port: key.port, protocol: key.protocol } });
    },
    describe,
    stats,
    release: async (lb) => {
      await everywhere(lb, "haproxy.remove", { lbId: lb.id });
    },
  };
}
