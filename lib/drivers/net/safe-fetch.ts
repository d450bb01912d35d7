/**
 * Outgoing HTTP to destinations tenants choose (webhook receivers, external registries). Unlike
 * fetch, it
 *  - resolves the host name itself and refuses non-public addresses AFTER resolution (see
 *    address-policy.ts), unless OUTBOUND_ALLOW_CIDRS allows them;
 *  - connects to the address it checked (the socket's lookup is pinned to it, so a second DNS
 *    answer cannot swap in 127.0.0.1), while TLS still verifies the certificate for the host name;
 *  - never follows redirects: a 3xx comes back as it is and callers report it with its Location;
 *  - has one deadline for DNS, connect and response, and a cap on the response size.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { envValue } from "@/lib/env";
import { destinationRefusal, parseCidr, type Cidr } from "./address-policy";

export type OutboundErrorCode = "BAD_URL" | "DESTINATION_NOT_ALLOWED" | "DNS" | "NETWORK" | "TIMEOUT" | "TOO_LARGE";

/** An outgoing request that did not produce a response; the message is meant for the user. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "OutboundError";
  }
}

export type SafeFetchOptions = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange (DNS, connect, headers, body). Default 10 s. */
  timeoutMs?: number;
  /** Largest body read; beyond it the request fails with TOO_LARGE. Default 1 MiB. */
  maxResponseBytes?: number;
  /** False: resolve as soon as the status and headers arrive, and drop the body. */
  readBody?: boolean;
  /** Allowed non-public ranges; default OUTBOUND_ALLOW_CIDRS. */
  allow?: readonly Cidr[];
  /** Name resolution; default the system resolver (tests pass their own). */
  resolve?: Resolver;
};

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;
const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type SafeResponse = {
  status: number;
  /** Lower-case names, first value of each. */
  headers: Record<string, string>;
  body: Buffer;
  /** The address the request went to (after the policy check). */
  address: string;
};

let envAllow: { raw: string; cidrs: Cidr[] } | undefined;

/** OUTBOUND_ALLOW_CIDRS, parsed once. */
export function configuredAllowList(): Cidr[] {
  const entries = envValue("OUTBOUND_ALLOW_CIDRS");
  const raw = entries.join(",");
  if (envAllow?.raw !== raw) envAllow = { raw, cidrs: entries.map((e) => parseCidr(e)).filter((c): c is Cidr => c !== null) };
  return envAllow.cidrs;
}

/**
 * The address to connect to: the first resolved one the policy allows, or why none is. Exported for
 * clients whose HTTP an SDK makes (the Alibaba Cloud Log Service sink): they connect only to it.
 */
export async function chooseAddress(
  hostname: string,
  allow: readonly Cidr[],
  resolve: Resolver,
): Promise<{ address: string; family: 4 | 6 }> {
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(hostname)) addresses = [{ address: hostname, family: isIP(hostname) }];
  else {
    try {
      addresses = await resolve(hostname);
    } catch (error) {
      throw new OutboundError("DNS", `cannot resolve ${hostname} (${(error as { code?: string }).code ?? (error as Error).message})`);
    }
  }
  const refusals: string[] = [];
  for (const candidate of addresses) {
    const refusal = destinationRefusal(candidate.address, allow);
    if (!refusal) return { address: candidate.address, family: candidate.family === 6 ? 6 : 4 };
    refusals.push(refusal);
  }
  const resolved = isIP(hostname) ? "" : `${hostname} resolves to ${addresses.map((a) => a.address).join(", ")}: `;
  throw new OutboundError(
    "DESTINATION_NOT_ALLOWED",
    `${resolved}${refusals[0] ?? `${hostname} has no address`}; Wharf does not send requests to non-public addresses unless the installation allows them (OUTBOUND_ALLOW_CIDRS)`,
  );
}

/** A lookup that always answers the checked address: the connection cannot go anywhere else. */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      (callback as unknown as (err: null, list: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("BAD_URL", "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundError("BAD_URL", "only http and https URLs are supported");
  if (url.username || url.password) throw new OutboundError("BAD_URL", "URLs with a user name or password are not supported");
  return url;
}

function send(url: URL, target: { address: string; family: 4 | 6 }, o: SafeFetchOptions, signal: AbortSignal): Promise<SafeResponse> {
  const client = url.protocol === "https:" ? https : http;
  const maxBytes = o.maxResponseBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: o.method ?? "GET",
        headers: { ...o.headers, ...(o.body !== undefined ? { "content-length": String(Buffer.byteLength(o.body)) } : {}) },
        lookup: pinnedLookup(target.address, target.family),
        agent: false,
        signal,
      },
      (res) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) headers[name] = Array.isArray(value) ? (value[0] ?? "") : value;
        const done = (body: Buffer) => resolve({ status: res.statusCode ?? 0, headers, body, address: target.address });
        if (o.readBody === false) {
          res.destroy();
          return done(Buffer.alloc(0));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new OutboundError("TOO_LARGE", `the response is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => done(Buffer.concat(chunks)));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

/** One request under the outbound policy; throws OutboundError when there is no response. */
export async function safeFetch(o: SafeFetchOptions): Promise<SafeResponse> {
  const url = parseUrl(o.url);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const target = await Promise.race([
      chooseAddress(hostname, o.allow ?? configuredAllowList(), o.resolve ?? systemResolver),
      new Promise<never>((_, reject) =>
        controller.signal.addEventListener("abort", () => reject(new OutboundError("TIMEOUT", `no answer within ${timeoutMs} ms`))),
      ),
    ]);
    return await send(url, target, o, controller.signal);
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    if (controller.signal.aborted) throw new OutboundError("TIMEOUT", `no answer within ${timeoutMs} ms`);
    const code = (error as { code?: string }).code;
    throw new OutboundError("NETWORK", code ?? (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

/** "answered 302 (redirect to …; redirects are not followed)" for a 3xx, else "answered <status>". */
export function describeStatus(res: Pick<SafeResponse, "status" | "headers">): string {
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.location ? ` to ${res.headers.location.slice(0, 300)}` : "";
    return `answered ${res.status} (a redirect${location}; redirects are not followed)`;
  }
  return `answered ${res.status}`;
}
