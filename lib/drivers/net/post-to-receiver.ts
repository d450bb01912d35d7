/**
 * One POST to a receiver a tenant chose (registry webhooks, alert channels): through the outbound
 * policy (safe-fetch: public addresses only unless OUTBOUND_ALLOW_CIDRS allows more, no redirects,
 * 10 s), answered as what the delivery log records: the status, and an error unless it was a 2xx
 * (or, with `check`, unless the body says it was refused). Never throws. `readBytes` reads (and
 * bounds) the answer's body; without it the body is not read.
 */
import { describeStatus, OutboundError, safeFetch } from "./safe-fetch";

export type ReceiverAnswer = { status: number | null; error: string | null };

const clip = (text: string) => text.slice(0, 500);

export async function postToReceiver(
  url: string,
  headers: Record<string, string>,
  body: string,
  answer: { readBytes?: number; check?: (text: string) => string | null } = {},
): Promise<ReceiverAnswer> {
  const { readBytes, check } = answer;
  try {
    const res = await safeFetch({
      url,
      method: "POST",
      headers,
      body,
      timeoutMs: 10_000,
      ...(readBytes ? { maxResponseBytes: readBytes } : { readBody: false }),
    });
    if (res.status < 200 || res.status >= 300) return { status: res.status, error: clip(describeStatus(res)) };
    const refusal = check?.(res.body.toString("utf8")) ?? null;
    return { status: res.status, error: refusal ? clip(refusal) : null };
  } catch (error) {
    const why = error instanceof OutboundError ? error.message : (error as Error).message;
    return { status: null, error: clip(`could not deliver (${why})`) };
  }
}
