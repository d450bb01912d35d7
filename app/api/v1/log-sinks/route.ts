import { createLogSink } from "@/lib/domain/logs/sinks/create-log-sink";
import { listLogSinks } from "@/lib/domain/logs/sinks/list-log-sinks";
import { route } from "@/lib/http/route";
import { logSinkEndpoints } from "@/lib/schemas/log-sinks";

export const GET = route(logSinkEndpoints.list, ({ ctx }) => listLogSinks({ orgId: ctx.orgId }));
export const POST = route(logSinkEndpoints.create, ({ ctx, body }) => createLogSink({ ctx, input: body }));
