/**
 * From a LoadBalancer row to what a driver takes: the driver kind its enum names, and an LbHandle
 * with the credentials decrypted for this call only. Used by the API (test connection, status)
 * and by the traffic sync job; nothing else decrypts load-balancer credentials.
 */
import type { LbDriver, Prisma } from "@prisma/client";
import { decryptSecret } from "@/lib/crypto";
import type { LbDriverKind, LbHandle } from "@/lib/drivers/lb/types";

const KIND: Record<LbDriver, LbDriverKind> = { HAPROXY: "haproxy", ALIYUN_SLB: "aliyun-slb", AWS_ELBV2: "aws-elbv2" };
const ENUM: Record<LbDriverKind, LbDriver> = { haproxy: "HAPROXY", "aliyun-slb": "ALIYUN_SLB", "aws-elbv2": "AWS_ELBV2" };

export const lbDriverKind = (driver: LbDriver): LbDriverKind => KIND[driver];
export const lbDriverEnum = (kind: LbDriverKind): LbDriver => ENUM[kind];

export type LbRowForHandle = { id: string; name: string; clusterId: string; settings: Prisma.JsonValue; credentialsEnc: string | null };

export type ClusterLbHandle = LbHandle & { clusterId: string };

export const settingsObject = (settings: Prisma.JsonValue): Record<string, unknown> =>
  settings && typeof settings === "object" && !Array.isArray(settings) ? (settings as Record<string, unknown>) : {};

/** Stored credentials: a JSON object of strings, encrypted as a whole (lib/crypto). */
export function decryptCredentials(sealed: string | null): Record<string, string> | null {
  if (!sealed) return null;
  const parsed: unknown = JSON.parse(decryptSecret(sealed));
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("Stored load-balancer credentials are not an object");
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

export function toLbHandle(row: LbRowForHandle): ClusterLbHandle {
  return {
    id: row.id,
    name: row.name,
    clusterId: row.clusterId,
    settings: settingsObject(row.settings),
    credentials: decryptCredentials(row.credentialsEnc),
  };
}
