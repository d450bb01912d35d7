import { downloadLogs } from "@/lib/domain/logs/download-logs";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const dynamic = "force-dynamic";

export const GET = route(logEndpoints.download, async ({ ctx, query, log }) => {
  const file = downloadLogs({ orgId: ctx.orgId, ...query, log });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
