import { LOG_SINK_SCHEMAS, type LogSinkKind } from "@/lib/schemas/log-sinks";
import { sendToAliyunSls } from "./aliyun-sls";
import { sendToElasticsearch } from "./elasticsearch";
import { sendToLoki } from "./loki";
import { SinkError, type SinkLine, type SinkNetwork } from "./types";

export { SinkError, type SinkLine, type SinkNetwork } from "./types";

export type SendToSinkOptions = {
  kind: LogSinkKind;
  url: string;
  settings: unknown;
  credentials: unknown;
  lines: SinkLine[];
  network?: SinkNetwork;
};

/** Sends a batch to a sink of any kind; stored settings and credentials are checked against the kind first. */
export async function sendToSink(o: SendToSinkOptions): Promise<void> {
  const parse = <T>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    value: unknown,
    what: string,
  ): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw new SinkError(`the sink's stored ${what} do not fit a ${o.kind} sink; edit the sink`);
    return r.data;
  };
  const creds = <T>(schema: Parameters<typeof parse<T>>[0]) =>
    o.credentials == null ? null : parse<T>(schema, o.credentials, "credentials");
  switch (o.kind) {
    case "ELASTICSEARCH":
      return sendToElasticsearch({
        url: o.url,
        settings: parse(LOG_SINK_SCHEMAS.ELASTICSEARCH.settings, o.settings, "settings"),
        credentials: creds(LOG_SINK_SCHEMAS.ELASTICSEARCH.credentials),
        lines: o.lines,
        network: o.network,
      });
    case "LOKI":
      return sendToLoki({
        url: o.url,
        settings: parse(LOG_SINK_SCHEMAS.LOKI.settings, o.settings, "settings"),
        credentials: creds(LOG_SINK_SCHEMAS.LOKI.credentials),
        lines: o.lines,
        network: o.network,
      });
    case "ALIYUN_SLS":
      return sendToAliyunSls({
        url: o.url,
        settings: parse(LOG_SINK_SCHEMAS.ALIYUN_SLS.settings, o.settings, "settings"),
        credentials: creds(LOG_SINK_SCHEMAS.ALIYUN_SLS.credentials),
        lines: o.lines,
        network: o.network,
      });
  }
}
