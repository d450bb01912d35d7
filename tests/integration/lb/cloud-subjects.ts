/**
 * The cloud drivers wired to their LOCAL STAND-INs (tests/support/lb-standins), for the conformance
 * suite and the driver-specific tests. The stand-ins listen on 127.0.0.1, which the outbound policy
 * refuses by default, so the drivers are given an allow-list of exactly that address.
 */
import type { Cidr } from "@/lib/drivers/net/address-policy";
import { parseCidr } from "@/lib/drivers/net/address-policy";
import { createAliyunSlbDriver } from "@/lib/drivers/lb/aliyun-slb/driver";
import { createAwsElbv2Driver } from "@/lib/drivers/lb/aws-elbv2/driver";
import type { LbHandle, LbProtocol, WeightedBackend } from "@/lib/drivers/lb/types";
import { startAliyunSlbStandin, type AliyunSlbStandin } from "@/tests/support/lb-standins/aliyun-slb-standin";
import { startAwsElbv2Standin, type AwsElbv2Standin } from "@/tests/support/lb-standins/aws-elbv2-standin";
import type { ConformanceHarness } from "./driver-conformance";

export const LOOPBACK_ONLY: Cidr[] = [parseCidr("127.0.0.1/32") as Cidr];

/** ECS instances the SLB stand-in knows: i-standin000 … with addresses 10.0.0.10 …. */
export const ecs = (slot: number) => ({
  id: `i-standin${String(slot).padStart(3, "0")}`,
  ip: `10.0.${Math.floor(slot / 200)}.${10 + (slot % 200)}`,
});

export async function slbStandin(instances = 8): Promise<AliyunSlbStandin> {
  return startAliyunSlbStandin({ instances: Object.fromEntries(Array.from({ length: instances }, (_, i) => [ecs(i).id, ecs(i).ip])) });
}

export function slbHandle(slb: AliyunSlbStandin, over: { secret?: string; loadBalancerId?: string; keyId?: string } = {}): LbHandle {
  return {
    id: "lb_slb_standin",
    name: "slbtest",
    settings: { regionId: slb.regionId, loadBalancerId: over.loadBalancerId ?? slb.loadBalancerId, endpoint: slb.endpoint },
    credentials: { accessKeyId: over.keyId ?? slb.accessKeyId, accessKeySecret: over.secret ?? slb.accessKeySecret },
  };
}

export const slbDriver = (allow: Cidr[] = LOOPBACK_ONLY) => createAliyunSlbDriver({ allow, retryDelayMs: 5 });

export function slbBackend(slot: number, pool: string, weight: number): WeightedBackend {
  return { id: `task${slot}aliyun`, address: ecs(slot).ip, port: 31000 + slot, weight, pool, instanceId: ecs(slot).id };
}

export function elbHandle(
  aws: AwsElbv2Standin,
  arn: string,
  over: { secret?: string; keyId?: string; sessionToken?: string } = {},
): LbHandle {
  return {
    id: "lb_elb_standin",
    name: "elbtest",
    settings: { region: aws.region, loadBalancerArn: arn, vpcId: aws.vpcId, endpoint: aws.endpoint },
    credentials: {
      accessKeyId: over.keyId ?? aws.accessKeyId,
      secretAccessKey: over.secret ?? aws.secretAccessKey,
      ...(over.sessionToken ? { sessionToken: over.sessionToken } : {}),
    },
  };
}

export const elbDriver = (allow: Cidr[] = LOOPBACK_ONLY) => createAwsElbv2Driver({ allow, maxAttempts: 1 });

export function elbBackend(slot: number, pool: string, weight: number): WeightedBackend {
  return { id: `task${slot}aws`, address: `10.0.1.${10 + slot}`, port: 32000 + slot, weight, pool };
}

export function slbHarness(protocol: LbProtocol): ConformanceHarness {
  let slb: AliyunSlbStandin;
  return {
    label: `aliyun-slb, ${protocol} listeners (LOCAL STAND-IN of the SLB API)`,
    setup: async () => {
      slb = await slbStandin();
      return {
        driver: slbDriver(),
        lb: slbHandle(slb),
        protocol,
        backend: slbBackend,
        wrongCredentials: slbHandle(slb, { secret: "not-the-secret" }),
        broken: slbHandle(slb, { loadBalancerId: "lb-doesnotexist0001" }),
        splitsPools: true,
      };
    },
    teardown: () => slb.close(),
    observe: { mutations: () => slb.mutations(), settle: () => undefined },
  };
}

export function elbHarness(kind: "alb" | "nlb"): ConformanceHarness {
  let aws: AwsElbv2Standin;
  return {
    label: `aws-elbv2, ${kind === "alb" ? "ALB http" : "NLB tcp"} listeners (LOCAL STAND-IN of the ELBv2 API)`,
    setup: async () => {
      aws = await startAwsElbv2Standin();
      const arn = kind === "alb" ? aws.albArn : aws.nlbArn;
      return {
        driver: elbDriver(),
        lb: elbHandle(aws, arn),
        protocol: kind === "alb" ? "http" : "tcp",
        backend: elbBackend,
        wrongCredentials: elbHandle(aws, arn, { secret: "not/the/secret" }),
        broken: elbHandle(aws, arn.replace(/\/[0-9a-f]+$/, "/0000000000000000")),
        splitsPools: kind === "alb",
      };
    },
    teardown: () => aws.close(),
    observe: { mutations: () => aws.mutations(), settle: () => aws.completeDraining() },
  };
}
