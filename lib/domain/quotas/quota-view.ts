import type { QuotaSet } from "@/lib/schemas/installation";
import { QUOTA_KINDS } from "./quota-kinds";
import type { QuotaLimits } from "./quota-limits";
import type { QuotaUsage } from "./quota-usage";

/** Usage against limits, per kind, as the API shows it. */
export function quotaView({ limits, overrides }: QuotaLimits, usage: QuotaUsage): QuotaSet {
  const out = {} as QuotaSet;
  for (const kind of QUOTA_KINDS) out[kind] = { used: usage[kind], limit: limits[kind], custom: overrides[kind] !== null };
  return out;
}
