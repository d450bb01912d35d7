import { quotaLimits } from "./quota-limits";
import { quotaUsage } from "./quota-usage";
import { quotaView } from "./quota-view";

/** The organisation's own usage against its quotas (registry storage measured in the registry). */
export async function getOrganizationQuotas({ orgId }: { orgId: string }) {
  const [limits, usage] = await Promise.all([quotaLimits({ orgId }), quotaUsage({ orgId })]);
  return { quotas: quotaView(limits, usage) };
}
