import { deleteLogSink } from "@/lib/domain/logs/sinks/delete-log-sink";
import { getLogSink } from "@/lib/domain/logs/sinks/list-log-sinks";
import { updateLogSink } from "@/lib/domain/logs/sinks/update-log-sink";
import { route } from "@/lib/http/route";
import { logSinkEndpoints } from "@/lib/schemas/log-sinks";

export const GET = route(logSinkEndpoints.get, ({ ctx, params }) => getLogSink({ orgId: ctx.orgId, sinkId: params.sinkId }));
export const PATCH = route(logSinkEndpoints.update, ({ ctx, params, body }) => updateLogSink({ ctx, sinkId: params.sinkId, input: body }));
export const DELETE = route(logSinkEndpoints.delete, ({ ctx, params }) => deleteLogSink({ ctx, sinkId: params.sinkId }));
