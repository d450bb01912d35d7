import { createAlertSilence } from "@/lib/domain/alerts/create-alert-silence";
import { listAlertSilences } from "@/lib/domain/alerts/list-alert-silences";
import { route } from "@/lib/http/route";
import { alertEndpoints } from "@/lib/schemas/alerts";

export const GET = route(alertEndpoints.listSilences, ({ ctx }) => listAlertSilences({ orgId: ctx.orgId }));
export const POST = route(alertEndpoints.createSilence, ({ ctx, body }) => createAlertSilence({ ctx, input: body }));
