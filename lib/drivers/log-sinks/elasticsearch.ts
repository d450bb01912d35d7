/** Elasticsearch / OpenSearch `_bulk` (NDJSON: an action line, then the document). */
import type { z } from "zod";
import type { elasticsearchCredentialsSchema, elasticsearchSettingsSchema } from "@/lib/schemas/log-sinks";
import { postBatch } from "./post-batch";
import { basicAuth, baseUrl, SinkError, type SinkLine, type SinkRequest } from "./types";

type Settings = z.output<typeof elasticsearchSettingsSchema>;
type Credentials = z.output<typeof elasticsearchCredentialsSchema>;

export const elasticsearchDocument = (l: SinkLine) => ({
  "@timestamp": l.ts.toISOString(),
  message: l.text,
  wharf: {
    org: l.orgSlug,
    application: l.application,
    service: l.service,
    task: l.task,
    container: l.container,
    node: l.nodeId,
    store: l.store,
    stream: l.stream,
    file: l.file,
    line_id: l.id,
  },
});

export async function sendToElasticsearch({
  url,
  settings,
  credentials,
  lines,
  network,
}: SinkRequest<Settings, Credentials>): Promise<void> {
  // `_id` is the line's id: a batch sent again overwrites the same documents instead of adding copies.
  const body = lines
    .map((l) => `${JSON.stringify({ index: { _index: settings.index, _id: l.id } })}\n${JSON.stringify(elasticsearchDocument(l))}\n`)
    .join("");
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (credentials && "apiKey" in credentials) headers.authorization = `ApiKey ${credentials.apiKey}`;
  else if (credentials) headers.authorization = basicAuth(credentials.username, credentials.password);
  const res = await postBatch({
    sink: "Elasticsearch",
    url,
    endpoint: `${baseUrl(url)}/_bulk`,
    headers,
    body,
    network,
    maxResponseBytes: 32 * 1024 * 1024,
  });
  let answer: { errors?: boolean; items?: Array<Record<string, { status?: number; error?: { type?: string; reason?: string } }>> };
  try {
    answer = JSON.parse(res.body.toString("utf8")) as typeof answer;
  } catch {
    throw new SinkError(`Elasticsearch at ${url} answered ${res.status} with a body that is not a _bulk response`);
  }
  if (answer.errors) {
    const failed = (answer.items ?? []).map((i) => Object.values(i)[0]).filter((r) => r?.error);
    const first = failed[0]?.error;
    throw new SinkError(
      `Elasticsearch refused ${failed.length} of ${lines.length} lines: ${first?.type ?? "error"}: ${first?.reason ?? "no reason given"}`,
    );
  }
}
