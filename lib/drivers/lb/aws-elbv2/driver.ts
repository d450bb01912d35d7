/**
 * The AWS ELBv2 driver: listeners and target groups on the user's existing ALB (http/https) or NLB
 * (tcp/udp); see model.ts for the mapping. Wharf only touches listeners and groups it tagged
 * (wharf:managed); a port held by anything else is a CONFLICT, never taken over. Every method reads
 * first and changes only what differs, so a repeated call makes no state-changing API call.
 */
import { CreateListenerCommand, DeleteListenerCommand, DescribeLoadBalancersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AppError } from "@/lib/errors";
import { connectionFailure } from "../connection-failure";
import type {
  LbHandle,
  ListenerKey,
  ListenerSpec,
  LoadBalancerDriver,
  ObservedBackend,
  ObservedListener,
  TestConnectionResult,
} from "../types";
import { unreportedStats } from "../unreported-stats";
import { assertValidBackends } from "../weights";
import { withElbApi, type ElbApi, type ElbApiOptions } from "./api";
import { createGroup, deleteGroup, modifyForward, orphanGroups, setGroupStickiness } from "./groups";
import { AWS_PROTOCOL, forwardAction, healthOf, isDraining, supportsProtocol, wharfTags } from "./model";
import { drainBackend, setBackends } from "./pools";
import { findListener, listenerTarget, targetsOf, wharfListeners, type WharfListener } from "./read";

/** Pools whose groups a lost listener may have left behind (the colours releases use). */
const KNOWN_POOLS = ["main", "blue", "green"];

function checkSpec(api: ElbApi, spec: Pick<ListenerSpec, "port" | "protocol" | "routes" | "certificateIds"> & { route?: string }): void {
  if (spec.route || spec.routes?.length) {
    throw new AppError(
      "INVALID_INPUT",
      "aws-elbv2: HTTP virtual-host routes are served by the cluster's HAProxy; a Wharf ELBv2 listener forwards to its pools",
    );
  }
  if (!supportsProtocol(api.kind, spec.protocol)) {
    const needs = spec.protocol === "http" || spec.protocol === "https" ? "an Application Load Balancer" : "a Network Load Balancer";
    throw new AppError(
      "INVALID_INPUT",
      `aws-elbv2: a ${spec.protocol} listener needs ${needs}; ${api.settings.loadBalancerArn} is a ${api.kind} load balancer`,
    );
  }
}

async function ensureListener(api: ElbApi, lb: LbHandle, spec: ListenerSpec): Promise<void> {
  checkSpec(api, spec);
  const certificate = spec.certificateIds?.[0];
  if (spec.protocol === "https" && !certificate)
    throw new AppError("INVALID_INPUT", `aws-elbv2: an https listener (port ${spec.port}) needs a certificate ARN (ACM)`);
  const sticky = api.kind === "network" ? null : spec.stickySessions === true;
  const target = listenerTarget(api, spec);
  const found = await findListener(api, spec.port);
  if (found && "foreign" in found)
    throw new AppError(
      "CONFLICT",
      `aws-elbv2: port ${spec.port} has a ${found.foreign.protocol} listener that Wharf did not create; Wharf leaves it alone`,
    );
  if (found && found.owned.protocol !== spec.protocol)
    throw new AppError("CONFLICT", `aws-elbv2: port ${spec.port} has Wharf's ${found.owned.protocol} listener; delete it first`);
  if (!found) {
    const main = await createGroup(api, lb, spec, "main", sticky === true);
    await api.run("CreateListener", target, (c) =>
      c.send(
        new CreateListenerCommand({
          LoadBalancerArn: api.settings.loadBalancerArn,
          Protocol: AWS_PROTOCOL[spec.protocol],
          Port: spec.port,
          ...(certificate ? { Certificates: [{ CertificateArn: certificate }] } : {}),
          DefaultActions: [forwardAction([{ arn: main, weight: 1 }], sticky)],
          Tags: wharfTags(lb, spec),
        }),
      ),
    );
    return;
  }
  const l = found.owned;
  const certificateChanged = certificate !== undefined && l.certificateIds[0] !== certificate;
  const stickyChanged = sticky !== null && l.sticky !== sticky;
  if (stickyChanged) for (const g of l.groups) await setGroupStickiness(api, g.arn, sticky === true);
  if (certificateChanged || stickyChanged)
    await modifyForward(api, l.arn, l.groups, sticky, certificateChanged ? [certificate] : undefined);
}

async function deleteListener(api: ElbApi, key: ListenerKey): Promise<void> {
  const found = await findListener(api, key.port);
  if (found && "owned" in found && found.owned.protocol === key.protocol) {
    const l = found.owned;
    await api.run("DeleteListener", l.arn, (c) => c.send(new DeleteListenerCommand({ ListenerArn: l.arn })));
    for (const g of l.groups) await deleteGroup(api, g.arn);
    return;
  }
  if (found) return; // somebody else's listener, or Wharf's other protocol: not this one
  for (const arn of await orphanGroups(api, key, KNOWN_POOLS)) await deleteGroup(api, arn);
}

async function observe(api: ElbApi, l: WharfListener): Promise<ObservedListener> {
  const backends: ObservedBackend[] = [];
  for (const g of l.groups) {
    const targets = await targetsOf(api, g.arn);
    const live = targets.filter((t) => !isDraining(t)).length;
    for (const t of targets) {
      const draining = isDraining(t);
      backends.push({
        id: `${t.id}:${t.port}`,
        address: t.id,
        port: t.port,
        pool: g.pool,
        // ELBv2 weighs groups, not targets: a live target's part of its group's weight
        weight: draining || live === 0 ? 0 : g.weight / live,
        state: draining ? "draining" : "active",
        healthy: healthOf(t.state),
      });
    }
  }
  const http = l.protocol === "http" || l.protocol === "https";
  return {
    port: l.port,
    protocol: l.protocol,
    ...(http ? { stickySessions: l.sticky === true } : {}),
    ...(l.protocol === "https" ? { certificateIds: l.certificateIds } : {}),
    backends,
  };
}

async function testConnection(lb: LbHandle, o: ElbApiOptions): Promise<TestConnectionResult> {
  try {
    return await withElbApi(lb, o, async (api) => {
      const res = await api.run("DescribeLoadBalancers", api.settings.loadBalancerArn, (c) =>
        c.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [api.settings.loadBalancerArn] })),
      );
      const found = res.LoadBalancers?.[0];
      if (!found) return { ok: false, message: `AWS did not return ${api.settings.loadBalancerArn}` };
      if (found.VpcId !== api.settings.vpcId)
        return { ok: false, message: `${found.LoadBalancerName} is in ${found.VpcId}, not in the configured ${api.settings.vpcId}` };
      return {
        ok: true,
        message: `Connected: ${found.Type ?? api.kind} load balancer ${found.LoadBalancerName} (${found.DNSName}, ${found.State?.Code ?? "unknown state"}) in ${found.VpcId}`,
      };
    });
  } catch (error) {
    return connectionFailure(error, {
      provider: "AWS",
      credentialsHint: "check the access key, the secret and the elasticloadbalancing permissions",
      notFoundCode: "LoadBalancerNotFound",
      notFound: "No such load balancer",
      notFoundHint: "check the ARN and the region",
    });
  }
}

export function createAwsElbv2Driver(o: ElbApiOptions = {}): LoadBalancerDriver {
  return {
    kind: "aws-elbv2",
    testConnection: (lb) => testConnection(lb, o),
    ensureListener: (lb, spec) => withElbApi(lb, o, (api) => ensureListener(api, lb, spec)),
    setBackends: async (lb, key, backends) => {
      assertValidBackends("aws-elbv2", backends);
      return withElbApi(lb, o, (api) => {
        checkSpec(api, key);
        return setBackends(api, lb, key, backends);
      });
    },
    drainBackend: (lb, key, backend) => withElbApi(lb, o, (api) => drainBackend(api, key, backend)),
    deleteListener: (lb, key) => withElbApi(lb, o, (api) => deleteListener(api, key)),
    describe: (lb) =>
      withElbApi(lb, o, async (api) => ({ listeners: await Promise.all((await wharfListeners(api)).map((l) => observe(api, l))) })),
    // ELBv2 traffic figures live in CloudWatch
    stats: unreportedStats,
  };
}
