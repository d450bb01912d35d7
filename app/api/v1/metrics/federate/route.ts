import { federateMetrics } from "@/lib/domain/metrics/federate-metrics";
import { route } from "@/lib/http/route";
import { metricsFederationEndpoints } from "@/lib/schemas/metrics-federation";

export const dynamic = "force-dynamic";

export const GET = route(metricsFederationEndpoints.federate, async ({ ctx, query }) => {
  const text = await federateMetrics({ orgId: ctx.orgId, filter: query });
  return new Response(text, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
});
