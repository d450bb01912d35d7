/**
 * Who is really on the other end of a connection. `X-Forwarded-For` and friends are just headers:
 * anyone can send them, so they are believed only when the direct peer (the socket's address) is
 * one of the configured proxies (TRUSTED_PROXIES, a CIDR list; none by default). Shared by the
 * console (through the edge hook's peer header) and the agent gateway (its own sockets).
 */
import { BlockList, isIP } from "node:net";
import { isAddressOrCidr } from "@/lib/cidr";

export type ProxyMatcher = (address: string) => boolean;

/** "1.2.3.4", "::ffff:1.2.3.4", "[::1]:443", "1.2.3.4:5678" → a bare, valid address; else null. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = raw?.trim();
  if (!value) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(value) ? value : null;
}

const matchers = new Map<string, ProxyMatcher>();

/** A matcher for a list of addresses and CIDR blocks (memoised: the list comes from env). */
export function proxyMatcher(entries: readonly string[]): ProxyMatcher {
  const key = entries.join(",");
  const cached = matchers.get(key);
  if (cached) return cached;
  const list = new BlockList();
  for (const entry of entries) {
    if (!isAddressOrCidr(entry)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR block`);
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  const matcher: ProxyMatcher = (address) => {
    const normalized = normalizeAddress(address);
    if (!normalized) return false;
    return list.check(normalized, isIP(normalized) === 6 ? "ipv6" : "ipv4");
  };
  matchers.set(key, matcher);
  return matcher;
}

export type ClientAddressInput = {
  /** The socket's remote address (the direct peer); null when unknown. */
  peer: string | null | undefined;
  forwardedFor?: string | null;
  realIp?: string | null;
  isTrusted: ProxyMatcher;
};

/**
 * The client's address: the peer itself unless the peer is a trusted proxy. Behind trusted proxies,
 * `X-Forwarded-For` is read from the right (each proxy appends the address it saw) and the first
 * address that is not a trusted proxy is the client. A malformed entry stops the walk: the last
 * trusted hop's view is kept rather than a value someone typed.
 */
export function resolveClientAddress({ peer, forwardedFor, realIp, isTrusted }: ClientAddressInput): string | null {
  const direct = normalizeAddress(peer);
  if (!direct || !isTrusted(direct)) return direct;
  const hops = (forwardedFor ?? "").split(",").filter((h) => h.trim() !== "");
  if (hops.length === 0) return normalizeAddress(realIp) ?? direct;
  let client = direct;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop)) break;
  }
  return client;
}

/** The first value of a list header such as `X-Forwarded-Proto: https, http` (the outermost proxy's). */
export function firstForwarded(value: string | null | undefined): string | null {
  const first = value?.split(",")[0]?.trim();
  return first ? first : null;
}
