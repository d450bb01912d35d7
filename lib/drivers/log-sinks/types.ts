/**
 * Log sinks: where an organisation's stored lines are also sent (Elasticsearch/OpenSearch, Loki,
 * Alibaba Cloud Log Service). A client sends one batch and throws SinkError when the sink did not
 * take all of it; the caller keeps its cursor then and sends the batch again later, so a sink sees
 * a line at least once (Elasticsearch documents are keyed by the line's id, Loki drops exact
 * duplicates). Every request goes out under the outbound policy (lib/drivers/net/safe-fetch.ts).
 */
import type { Cidr } from "../net/address-policy";
import type { Resolver } from "../net/safe-fetch";

export type SinkLine = {
  id: string;
  ts: Date;
  orgSlug: string;
  application: string;
  service: string;
  task: string | null;
  container: string;
  nodeId: string;
  store: string;
  stream: string;
  file: string | null;
  text: string;
};

/** Outbound policy overrides (tests: a resolver for stand-in host names; the allow-list). */
export type SinkNetwork = { allow?: readonly Cidr[]; resolve?: Resolver; timeoutMs?: number };

export type SinkRequest<S, C> = { url: string; settings: S; credentials: C | null; lines: SinkLine[]; network?: SinkNetwork };

/** The sink refused or could not be reached; the message is for the sink's page (no credentials in it). */
export class SinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SinkError";
  }
}

export const basicAuth = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

/** The base URL without a trailing slash, for appending an API path. */
export const baseUrl = (url: string) => url.replace(/\/+$/, "");
