import { testLogSink } from "@/lib/domain/logs/sinks/test-log-sink";
import { route } from "@/lib/http/route";
import { logSinkEndpoints } from "@/lib/schemas/log-sinks";

export const POST = route(logSinkEndpoints.test, ({ ctx, params }) => testLogSink({ ctx, sinkId: params.sinkId }));
