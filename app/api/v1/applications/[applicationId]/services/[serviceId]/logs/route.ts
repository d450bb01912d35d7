import { streamServiceLogs } from "@/lib/domain/applications/stream-logs";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const dynamic = "force-dynamic";

export const GET = route(applicationEndpoints.logs, async ({ ctx, params, query, log }) => {
  const stream = await streamServiceLogs({
    orgId: ctx.orgId,
    applicationId: params.applicationId,
    serviceId: params.serviceId,
    tail: query.tail,
    follow: query.follow === "true",
    log,
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
});
