/**
 * Alibaba Cloud Log Service through its official SDK (@alicloud/log, PutLogs: a protobuf LogGroup
 * signed with the AccessKey). The SDK makes its own request, to `<scheme>://<project>.<endpoint>`:
 * the outbound policy is applied by resolving that host name here (chooseAddress) and pinning the
 * SDK's connection to the address that passed (pinnedLookup), exactly as safeFetch does.
 * The sink URL's scheme decides TLS: an `https://` endpoint (the normal case) encrypts the lines; the
 * SDK's default would be plain HTTP, so `use_https` is always passed explicitly.
 */
import type { RequestOptions } from "node:http";
import Client from "@alicloud/log";
import type { z } from "zod";
import type { aliyunSlsCredentialsSchema, aliyunSlsSettingsSchema } from "@/lib/schemas/log-sinks";
import { chooseAddress, configuredAllowList, OutboundError, pinnedLookup } from "../net/safe-fetch";
import { lookup as dnsLookup } from "node:dns/promises";
import { SinkError, type SinkLine, type SinkRequest } from "./types";

type Settings = z.output<typeof aliyunSlsSettingsSchema>;
type Credentials = z.output<typeof aliyunSlsCredentialsSchema>;

/** The SLS endpoint (host[:port]) of the sink's URL: the SDK adds the scheme and the project's sub-domain. */
export function slsEndpoint(url: string): string {
  const u = new URL(url);
  return u.host;
}

export function slsContent(l: SinkLine): Record<string, string> {
  const content: Record<string, string> = {
    message: l.text,
    org: l.orgSlug,
    application: l.application,
    service: l.service,
    container: l.container,
    node: l.nodeId,
    store: l.store,
    stream: l.stream,
    line_id: l.id,
  };
  if (l.task) content.task = l.task;
  if (l.file) content.file = l.file;
  return content;
}

export async function sendToAliyunSls({ url, settings, credentials, lines, network }: SinkRequest<Settings, Credentials>): Promise<void> {
  if (!credentials) throw new SinkError("Alibaba Cloud Log Service needs an AccessKey pair");
  const endpoint = slsEndpoint(url);
  const host = `${settings.project}.${endpoint.replace(/:\d+$/, "")}`;
  let target: { address: string; family: 4 | 6 };
  try {
    target = await chooseAddress(
      host,
      network?.allow ?? configuredAllowList(),
      network?.resolve ?? ((h) => dnsLookup(h, { all: true, verbatim: true })),
    );
  } catch (err) {
    throw new SinkError(`Alibaba Cloud Log Service at ${endpoint}: ${err instanceof OutboundError ? err.message : "cannot resolve"}`);
  }
  const client = new Client({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    endpoint,
    use_https: new URL(url).protocol === "https:",
  });
  const logs = lines.map((l) => ({
    timestamp: Math.floor(l.ts.getTime() / 1000),
    timestampNsPart: (l.ts.getTime() % 1000) * 1_000_000,
    content: slsContent(l),
  }));
  try {
    await client.postLogStoreLogs(
      settings.project,
      settings.logstore,
      { logs, topic: settings.topic, source: "wharf" },
      {
        timeout: network?.timeoutMs ?? 30_000,
        // No keep-alive agent (a pooled socket could outlive the check) and the checked address only.
        beforeRequest: (options: RequestOptions) => ({ ...options, agent: false, lookup: pinnedLookup(target.address, target.family) }),
      },
    );
  } catch (err) {
    const e = err as Error & { code?: string };
    const at = `Alibaba Cloud Log Service at ${host} (${target.address})`;
    // The SDK parses every answer as the service's JSON: anything else is not Log Service answering.
    if (e instanceof SyntaxError) throw new SinkError(`${at} answered something that is not the Log Service API (check the endpoint)`);
    if (e.code && /^E[A-Z]+$/.test(e.code)) throw new SinkError(`${at}: could not connect (${e.code})`);
    throw new SinkError(`${at} refused the lines: ${e.code ? `${e.code}: ` : ""}${e.message.slice(0, 300)}`);
  }
}
