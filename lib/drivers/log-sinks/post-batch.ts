/**
 * POSTs one batch to an HTTP sink under the outbound policy (30 s unless the network says
 * otherwise). No answer, or an answer other than 2xx, is a SinkError naming the sink and its URL.
 */
import { describeStatus, OutboundError, safeFetch, type SafeResponse } from "../net/safe-fetch";
import { SinkError, type SinkNetwork } from "./types";

export type PostBatchOptions = {
  /** The sink as messages name it ("Loki"). */
  sink: string;
  /** The sink's URL, as its settings have it. */
  url: string;
  /** Where the batch goes (an API path under `url`). */
  endpoint: string;
  headers: Record<string, string>;
  body: string;
  network?: SinkNetwork;
  maxResponseBytes?: number;
};

export async function postBatch({
  sink,
  url,
  endpoint,
  headers,
  body,
  network,
  maxResponseBytes,
}: PostBatchOptions): Promise<SafeResponse> {
  let res: SafeResponse;
  try {
    res = await safeFetch({
      url: endpoint,
      method: "POST",
      headers,
      body,
      timeoutMs: network?.timeoutMs ?? 30_000,
      maxResponseBytes,
      allow: network?.allow,
      resolve: network?.resolve,
    });
  } catch (err) {
    throw new SinkError(`${sink} at ${url}: ${err instanceof OutboundError ? err.message : "request failed"}`);
  }
  if (res.status < 200 || res.status >= 300)
    throw new SinkError(`${sink} at ${url} ${describeStatus(res)}: ${res.body.toString("utf8").slice(0, 300)}`);
  return res;
}
