import { expireAlertSilence } from "@/lib/domain/alerts/expire-alert-silence";
import { route } from "@/lib/http/route";
import { alertEndpoints } from "@/lib/schemas/alerts";

export const DELETE = route(alertEndpoints.expireSilence, ({ ctx, params }) => expireAlertSilence({ ctx, silenceId: params.silenceId }));
