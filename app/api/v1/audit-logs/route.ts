import { listAuditLogs } from "@/lib/domain/audit/list-audit-logs";
import { route } from "@/lib/http/route";
import { auditEndpoints } from "@/lib/schemas/audit";

export const GET = route(auditEndpoints.list, ({ ctx, query }) =>
  listAuditLogs({ orgId: ctx.orgId, page: { limit: query.limit, cursor: query.cursor }, action: query.action }),
);
