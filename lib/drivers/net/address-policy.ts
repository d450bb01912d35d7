/**
 * Which network addresses Wharf's outgoing requests (webhooks, external registry checks) may
 * reach. Tenants choose those URLs, so anything that is not a public unicast address is refused —
 * loopback, private (RFC 1918), carrier-grade NAT, link-local (169.254.169.254 is the cloud
 * metadata service), unique-local, multicast, unspecified, documentation and reserved ranges, and
 * IPv6 forms that embed such an IPv4 address (mapped, compatible, NAT64, 6to4) — unless the
 * installation allow-lists them (OUTBOUND_ALLOW_CIDRS). Pure; addresses as bytes, no DNS here.
 */
import { isIP } from "node:net";

type Bytes = number[];
type Range = { bytes: Bytes; prefix: number; what: string };

/** "1.2.3.4" → 4 bytes, "::1" or "::ffff:1.2.3.4" → 16 bytes; null when not an address. */
export function addressBytes(address: string): Bytes | null {
  const family = isIP(address);
  if (family === 4) return address.split(".").map(Number);
  if (family !== 6) return null;
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  let tail: Bytes = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}:0:0`; // placeholder groups, replaced below
  }
  const [head = "", rest] = text.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const all = [...left, ...fill, ...right];
  if (all.length !== 8 || all.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function inRange(bytes: Bytes, range: { bytes: Bytes; prefix: number }): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

const range = (cidr: string, what: string): Range => {
  const [address = "", prefix = ""] = cidr.split("/");
  const bytes = addressBytes(address);
  if (!bytes) throw new Error(`bad built-in range ${cidr}`);
  return { bytes, prefix: Number(prefix), what };
};

const PRIVATE = "a private network address (RFC 1918)";
const DOCS = "a documentation address";
const NON_PUBLIC: Range[] = [
  range("0.0.0.0/8", 'an unspecified ("this network") address'),
  range("10.0.0.0/8", PRIVATE),
  range("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
  range("127.0.0.0/8", "a loopback address"),
  range("169.254.0.0/16", "a link-local address (where cloud metadata services answer)"),
  range("172.16.0.0/12", PRIVATE),
  range("192.0.0.0/24", "an IETF protocol address"),
  range("192.0.2.0/24", DOCS),
  range("192.88.99.0/24", "a 6to4 relay address"),
  range("192.168.0.0/16", PRIVATE),
  range("198.18.0.0/15", "a benchmarking address"),
  range("198.51.100.0/24", DOCS),
  range("203.0.113.0/24", DOCS),
  range("224.0.0.0/4", "a multicast address"),
  range("240.0.0.0/4", "a reserved or broadcast address"),
  range("::/128", "the unspecified address"),
  range("::1/128", "a loopback address"),
  range("100::/64", "a discard-only address"),
  range("2001:db8::/32", DOCS),
  range("fc00::/7", "a unique local address (IPv6 private network)"),
  range("fe80::/10", "a link-local address"),
  range("fec0::/10", "a site-local address"),
  range("ff00::/8", "a multicast address"),
];

/** IPv6 ranges whose addresses carry an IPv4 address, and where it sits. */
const EMBEDS_V4: Array<Range & { at: number }> = [
  { ...range("::ffff:0:0/96", "IPv4-mapped"), at: 12 },
  { ...range("::/96", "IPv4-compatible"), at: 12 },
  { ...range("64:ff9b::/96", "NAT64"), at: 12 },
  { ...range("2002::/16", "6to4"), at: 2 },
];

/** The IPv4 address an IPv6 address embeds (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(bytes: Bytes): Bytes | null {
  if (bytes.length !== 16) return null;
  for (const r of EMBEDS_V4) if (inRange(bytes, r)) return bytes.slice(r.at, r.at + 4);
  return null;
}

export type Cidr = { bytes: Bytes; prefix: number };

/** "10.0.0.0/8", "::1/128" or a bare address; null when malformed (used to validate the env). */
export function parseCidr(entry: string): Cidr | null {
  const [address = "", prefix, extra] = entry.trim().split("/");
  const bytes = addressBytes(address);
  if (!bytes || extra !== undefined) return null;
  const max = bytes.length * 8;
  if (prefix === undefined) return { bytes, prefix: max };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return null;
  return { bytes, prefix: Number(prefix) };
}

/** Why an address is not a public destination, or null when it is one. */
export function nonPublicReason(address: string): string | null {
  const bytes = addressBytes(address);
  if (!bytes) return "not an IP address";
  // "::" and "::1" lie inside ::/96 but are themselves, not IPv4 addresses
  const special = NON_PUBLIC.find((r) => r.prefix === 128 && inRange(bytes, r));
  if (special) return special.what;
  const v4 = embeddedV4(bytes);
  if (v4) {
    const inner = nonPublicReason(v4.join("."));
    return inner ? `${inner} (inside an IPv6 address)` : null;
  }
  return NON_PUBLIC.find((r) => inRange(bytes, r))?.what ?? null;
}

/** Whether an allow-list entry covers the address (or the IPv4 address it embeds). */
export function isAllowListed(address: string, allow: readonly Cidr[]): boolean {
  const bytes = addressBytes(address);
  if (!bytes) return false;
  const v4 = embeddedV4(bytes);
  return allow.some((cidr) => inRange(bytes, cidr) || (v4 !== null && inRange(v4, cidr)));
}

/** Null when Wharf may connect to the address; otherwise why not, in words for the user. */
export function destinationRefusal(address: string, allow: readonly Cidr[]): string | null {
  const reason = nonPublicReason(address);
  if (!reason || isAllowListed(address, allow)) return null;
  return `${address} is ${reason}`;
}
