import { tailLogs } from "@/lib/domain/logs/tail-logs";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const dynamic = "force-dynamic";

export const GET = route(logEndpoints.tail, async ({ ctx, query, log }) => {
  const stream = tailLogs({ orgId: ctx.orgId, ...query, log });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
});
