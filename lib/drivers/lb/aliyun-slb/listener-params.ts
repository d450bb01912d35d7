/**
 * SLB listener parameters for a Wharf ListenerSpec (pure). Every listener forwards to its VServer
 * group with weighted round robin; HTTP(S) listeners check health with GET / and count any answer
 * below 500 as healthy (a task that answers is up; Wharf does not know the app's health URL), and
 * make sessions sticky with an SLB-inserted cookie when asked.
 */
import { AppError } from "@/lib/errors";
import type { ListenerSpec } from "../types";
import type { SlbParams } from "./api";

export const STICKY_COOKIE_SECONDS = 3600;

/** The attributes Wharf sets on a listener, and compares on later calls (idempotency). */
export function desiredAttributes(spec: ListenerSpec, groupId: string, description: string): SlbParams {
  const base: SlbParams = { VServerGroupId: groupId, Description: description, Scheduler: "wrr" };
  if (spec.protocol === "tcp" || spec.protocol === "udp") return base;
  const sticky = spec.stickySessions === true;
  const http: SlbParams = {
    ...base,
    StickySession: sticky ? "on" : "off",
    ...(sticky ? { StickySessionType: "insert", CookieTimeout: STICKY_COOKIE_SECONDS } : {}),
  };
  if (spec.protocol === "http") return http;
  const certificate = spec.certificateIds?.[0];
  if (!certificate)
    throw new AppError(
      "INVALID_INPUT",
      `aliyun-slb: an https listener (port ${spec.port}) needs a server certificate id: upload the certificate to SLB and give its id`,
    );
  return { ...http, ServerCertificateId: certificate };
}

/** Parameters only a new listener takes. */
export function createOnlyParams(spec: ListenerSpec): SlbParams {
  const params: SlbParams = { Bandwidth: -1 };
  if (spec.protocol === "http" || spec.protocol === "https") {
    Object.assign(params, { HealthCheck: "on", HealthCheckURI: "/", HealthCheckHttpCode: "http_2xx,http_3xx,http_4xx" });
  }
  return params;
}

/** The attributes that differ from what the listener has now (empty: nothing to change). */
export function changedAttributes(desired: SlbParams, current: Record<string, unknown>): SlbParams {
  const changed: SlbParams = {};
  for (const [key, value] of Object.entries(desired)) {
    if (value === undefined) continue;
    if (String(current[key] ?? "") !== String(value)) changed[key] = value;
  }
  // StickySessionType and CookieTimeout only mean something together with StickySession=on
  if (changed.StickySessionType !== undefined || changed.CookieTimeout !== undefined) {
    Object.assign(changed, {
      StickySession: desired.StickySession,
      StickySessionType: desired.StickySessionType,
      CookieTimeout: desired.CookieTimeout,
    });
  }
  // pointing a listener at a VServer group takes VServerGroup=on with it
  if (changed.VServerGroupId !== undefined) changed.VServerGroup = "on";
  return changed;
}
