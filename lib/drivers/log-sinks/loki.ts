/** Loki push API (`/loki/api/v1/push`, JSON): one stream per label set, values in time order. */
import type { z } from "zod";
import type { lokiCredentialsSchema, lokiSettingsSchema } from "@/lib/schemas/log-sinks";
import { postBatch } from "./post-batch";
import { basicAuth, baseUrl, type SinkLine, type SinkRequest } from "./types";

type Settings = z.output<typeof lokiSettingsSchema>;
type Credentials = z.output<typeof lokiCredentialsSchema>;

/** Loki's labels must stay few-valued: task, container and node go into the line's structured metadata. */
export function lokiStreams(lines: SinkLine[], extra: Record<string, string>) {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string, Record<string, string>]> }>();
  for (const l of [...lines].sort((a, b) => a.ts.getTime() - b.ts.getTime())) {
    const labels = {
      ...extra,
      source: "wharf",
      org: l.orgSlug,
      application: l.application,
      service: l.service,
      store: l.store,
      stream: l.stream,
    };
    const key = JSON.stringify(labels);
    const entry = streams.get(key) ?? { stream: labels, values: [] as Array<[string, string, Record<string, string>]> };
    const meta: Record<string, string> = { container: l.container, node: l.nodeId, line_id: l.id };
    if (l.task) meta.task = l.task;
    if (l.file) meta.file = l.file;
    entry.values.push([`${BigInt(l.ts.getTime()) * 1_000_000n}`, l.text, meta]);
    streams.set(key, entry);
  }
  return { streams: [...streams.values()] };
}

export async function sendToLoki({ url, settings, credentials, lines, network }: SinkRequest<Settings, Credentials>): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (settings.tenant) headers["x-scope-orgid"] = settings.tenant;
  if (credentials && "bearerToken" in credentials) headers.authorization = `Bearer ${credentials.bearerToken}`;
  else if (credentials) headers.authorization = basicAuth(credentials.username, credentials.password);
  await postBatch({
    sink: "Loki",
    url,
    endpoint: `${baseUrl(url)}/loki/api/v1/push`,
    headers,
    body: JSON.stringify(lokiStreams(lines, settings.labels)),
    network,
  });
}
