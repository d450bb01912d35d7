/**
 * The load-balancer drivers by kind (server-side: the cloud drivers import their SDKs). Forms and
 * API validation use lib/drivers/lb/settings.ts, which is browser-safe.
 */
import { AppError } from "@/lib/errors";
import { createAliyunSlbDriver } from "./aliyun-slb/driver";
import { createAwsElbv2Driver } from "./aws-elbv2/driver";
import type { EndpointPolicyOptions } from "./endpoint";
import { createHaproxyDriver } from "./haproxy/driver";
import type { HaproxyTransport } from "./haproxy/transport";
import type { LbDriverKind, LoadBalancerDriver } from "./types";

export type { LbDriverKind, LoadBalancerDriver } from "./types";
export { LB_DRIVER_SPECS } from "./settings";

/** Options every driver accepts (tests point cloud drivers at their loopback stand-ins with `allow`). */
export type LbDriverOptions = EndpointPolicyOptions & {
  /** Delay before retrying a transient cloud error (SLB "ServiceIsConfiguring"…). */
  retryDelayMs?: number;
  /**
   * How the HAProxy driver reaches its nodes. The domain passes the agents of the nodes labelled
   * wharf.lb=true (lib/domain/traffic/lb-driver.ts); tests pass the agent module in process.
   */
  haproxyTransport?: HaproxyTransport;
};

const FACTORIES: Record<LbDriverKind, ((o: LbDriverOptions) => LoadBalancerDriver) | null> = {
  haproxy: (o) => {
    if (!o.haproxyTransport) throw new AppError("INTERNAL", "The haproxy driver needs a transport to its nodes");
    return createHaproxyDriver({ transport: o.haproxyTransport });
  },
  "aliyun-slb": (o) => createAliyunSlbDriver(o),
  "aws-elbv2": (o) => createAwsElbv2Driver(o),
};

export function driverFor(kind: LbDriverKind, options: LbDriverOptions = {}): LoadBalancerDriver {
  const factory = FACTORIES[kind];
  if (!factory) throw new AppError("UNAVAILABLE", `The ${kind} load-balancer driver is not available in this version`);
  return factory(options);
}
