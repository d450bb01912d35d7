/**
 * Target groups of Wharf's ELBv2 listeners: creating one for a pool (TargetType ip, tagged, with
 * cookie stickiness when the listener is sticky) and keeping a listener's groups' targets equal
 * to its pools.
 */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { providerCodeOf } from "../errors";
import type { LbHandle, ListenerKey } from "../types";
import type { ElbApi } from "./api";
import { chunks, forwardAction, STICKY_SECONDS, TARGET_PROTOCOL, targetGroupName, wharfTags, type WeightedGroup } from "./model";
import { listenerTarget } from "./read";

type Key = Pick<ListenerKey, "port" | "protocol">;

export async function setGroupStickiness(api: ElbApi, arn: string, sticky: boolean): Promise<void> {
  const attributes = sticky
    ? [
        { Key: "stickiness.enabled", Value: "true" },
        { Key: "stickiness.type", Value: "lb_cookie" },
        { Key: "stickiness.lb_cookie.duration_seconds", Value: String(STICKY_SECONDS) },
      ]
    : [{ Key: "stickiness.enabled", Value: "false" }];
  await api.run("ModifyTargetGroupAttributes", arn, (c) =>
    c.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: attributes })),
  );
}

/** Creates the pool's group (CreateTargetGroup answers the existing one when name and settings match). */
export async function createGroup(api: ElbApi, lb: LbHandle, key: Key, pool: string, sticky: boolean): Promise<string> {
  const name = targetGroupName(api.settings.loadBalancerArn, key, pool);
  const protocol = TARGET_PROTOCOL[key.protocol];
  const res = await api.run("CreateTargetGroup", `${listenerTarget(api, key)} pool ${pool} (${name})`, (c) =>
    c.send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: protocol,
        Port: key.port,
        VpcId: api.settings.vpcId,
        TargetType: "ip",
        // a task that answers HTTP at all is up; Wharf does not know the application's health URL
        ...(protocol === "HTTP" ? { HealthCheckPath: "/", Matcher: { HttpCode: "200-499" } } : {}),
        Tags: wharfTags(lb, key, pool),
      }),
    ),
  );
  const arn = res.TargetGroups?.[0]?.TargetGroupArn;
  if (!arn) throw new Error(`CreateTargetGroup answered without a target group (${name})`);
  if (sticky) await setGroupStickiness(api, arn, true);
  return arn;
}

export async function register(api: ElbApi, arn: string, targets: { Id: string; Port: number }[]): Promise<void> {
  for (const batch of chunks(targets))
    await api.run("RegisterTargets", arn, (c) => c.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: batch })));
}

/** Deregistering is ELBv2's connection draining: in-flight requests get the group's deregistration delay. */
export async function deregister(api: ElbApi, arn: string, targets: { Id: string; Port: number }[]): Promise<void> {
  for (const batch of chunks(targets))
    await api.run("DeregisterTargets", arn, (c) => c.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: batch })));
}

export async function modifyForward(
  api: ElbApi,
  listenerArn: string,
  groups: WeightedGroup[],
  sticky: boolean | null,
  certificateIds?: string[],
): Promise<void> {
  const action = forwardAction(groups, sticky);
  await api.run("ModifyListener", listenerArn, (c) =>
    c.send(
      new ModifyListenerCommand({
        ListenerArn: listenerArn,
        DefaultActions: [action],
        ...(certificateIds ? { Certificates: certificateIds.map((a) => ({ CertificateArn: a })) } : {}),
      }),
    ),
  );
}

export async function deleteGroup(api: ElbApi, arn: string): Promise<void> {
  await api.run("DeleteTargetGroup", arn, (c) => c.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));
}

/** Groups of a listener that lost it (a crash between DeleteListener and DeleteTargetGroup), by their deterministic names. */
export async function orphanGroups(api: ElbApi, key: Key, pools: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const pool of pools) {
    const name = targetGroupName(api.settings.loadBalancerArn, key, pool);
    try {
      const res = await api.run("DescribeTargetGroups", name, (c) => c.send(new DescribeTargetGroupsCommand({ Names: [name] })));
      for (const g of res.TargetGroups ?? []) if (g.TargetGroupArn && (g.LoadBalancerArns ?? []).length === 0) found.push(g.TargetGroupArn);
    } catch (error) {
      if (providerCodeOf(error) !== "TargetGroupNotFound") throw error;
    }
  }
  return found;
}
