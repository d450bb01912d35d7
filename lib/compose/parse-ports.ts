import type { ParseResult } from "./parse-duration";

export type PortProtocol = "tcp" | "udp" | "sctp";

/** One container port, optionally published on the node; ranges are expanded to single ports. */
export interface PortMapping {
  target: number;
  /** Port on the node (host mode). Absent: Swarm picks a free port on the node. */
  published?: number;
  protocol: PortProtocol;
  name?: string;
}

/** Longest range we expand; beyond this a typo ("1-65535") would create thousands of rules. */
export const MAX_PORT_RANGE = 1000;
const PROTOCOLS: readonly string[] = ["tcp", "udp", "sctp"];

interface Range {
  start: number;
  end: number;
}

function parsePort(text: string, what: string): ParseResult<number> {
  if (!/^\d+$/.test(text)) return { ok: false, message: `invalid ${what} "${text}": ports are numbers from 1 to 65535` };
  const port = Number(text);
  if (port < 1 || port > 65535) return { ok: false, message: `${what} ${port} is out of range (1-65535)` };
  return { ok: true, value: port };
}

function parseRange(text: string, what: string): ParseResult<Range> {
  const parts = text.split("-");
  if (parts.length > 2) return { ok: false, message: `invalid ${what} range "${text}"` };
  const start = parsePort((parts[0] ?? "").trim(), what);
  if (!start.ok) return start;
  if (parts.length === 1) return { ok: true, value: { start: start.value, end: start.value } };
  const end = parsePort((parts[1] ?? "").trim(), what);
  if (!end.ok) return end;
  if (end.value < start.value) return { ok: false, message: `${what} range "${text}" is reversed (start is above end)` };
  if (end.value - start.value + 1 > MAX_PORT_RANGE) {
    return { ok: false, message: `${what} range "${text}" spans more than ${MAX_PORT_RANGE} ports` };
  }
  return { ok: true, value: { start: start.value, end: end.value } };
}

export function parseProtocol(text: string): ParseResult<PortProtocol> {
  const protocol = text.trim().toLowerCase();
  if (!PROTOCOLS.includes(protocol)) return { ok: false, message: `unknown protocol "${text}": use tcp, udp or sctp` };
  return { ok: true, value: protocol as PortProtocol };
}

/** Splits `[ip:][published:]target` into its parts; IPv6 addresses must be in brackets. */
function splitAddress(text: string): ParseResult<{ hostIp?: string; published?: string; target: string }> {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0 || text[close + 1] !== ":") return { ok: false, message: `invalid port "${text}": expected [ipv6]:published:target` };
    const rest = text.slice(close + 2).split(":");
    if (rest.length !== 2) return { ok: false, message: `invalid port "${text}": expected [ipv6]:published:target` };
    return { ok: true, value: { hostIp: text.slice(1, close), published: rest[0], target: rest[1] ?? "" } };
  }
  const parts = text.split(":");
  if (parts.length === 1) return { ok: true, value: { target: parts[0] ?? "" } };
  if (parts.length === 2) return { ok: true, value: { published: parts[0], target: parts[1] ?? "" } };
  if (parts.length === 3) return { ok: true, value: { hostIp: parts[0], published: parts[1], target: parts[2] ?? "" } };
  return { ok: false, message: `invalid port "${text}": expected [host_ip:][published:]target[/protocol] (wrap IPv6 addresses in [])` };
}

/** Pairs a published range with a target range, port by port. */
export function expandRanges(
  target: Range,
  published: Range | undefined,
  protocol: PortProtocol,
  name?: string,
): ParseResult<PortMapping[]> {
  const size = target.end - target.start + 1;
  if (published) {
    const publishedSize = published.end - published.start + 1;
    if (publishedSize !== size) {
      return {
        ok: false,
        message:
          size === 1
            ? `published range ${published.start}-${published.end} needs a target range of the same size; Swarm cannot pick one port from a range`
            : `published range ${published.start}-${published.end} has ${publishedSize} ports but target range ${target.start}-${target.end} has ${size}`,
      };
    }
  }
  const ports: PortMapping[] = [];
  for (let offset = 0; offset < size; offset++) {
    const mapping: PortMapping = { target: target.start + offset, protocol };
    if (published) mapping.published = published.start + offset;
    if (name !== undefined) mapping.name = name;
    ports.push(mapping);
  }
  return { ok: true, value: ports };
}

/**
 * Parses the short port syntax: "80", "8080:80", "8000-8010:80-90", "53:53/udp". A host address
 * ("127.0.0.1:8080:80") is an error, not a warning: Swarm publishes on every address of the node,
 * so dropping the address would expose a port the author meant to keep private.
 */
export function parsePortShort(input: string | number): ParseResult<PortMapping[]> {
  const text = String(input).trim();
  if (text === "") return { ok: false, message: "port is empty" };
  const slash = text.lastIndexOf("/");
  let protocol: PortProtocol = "tcp";
  let address = text;
  if (slash >= 0) {
    const parsed = parseProtocol(text.slice(slash + 1));
    if (!parsed.ok) return parsed;
    protocol = parsed.value;
    address = text.slice(0, slash);
  }
  const parts = splitAddress(address);
  if (!parts.ok) return parts;
  if (parts.value.hostIp !== undefined && parts.value.hostIp !== "" && parts.value.hostIp !== "0.0.0.0") {
    return {
      ok: false,
      message: `Swarm cannot publish a port on one host address (${parts.value.hostIp}); remove the address, or keep the port unpublished and reach it over the app network`,
    };
  }
  const target = parseRange(parts.value.target, "container port");
  if (!target.ok) return target;
  let published: Range | undefined;
  if (parts.value.published !== undefined && parts.value.published !== "") {
    const parsed = parseRange(parts.value.published, "published port");
    if (!parsed.ok) return parsed;
    published = parsed.value;
  }
  return expandRanges(target.value, published, protocol);
}

/** Parses a published port of the long syntax, which may be a number, "8080" or "8000-8010". */
export function parsePublished(input: string | number): ParseResult<Range> {
  return parseRange(String(input).trim(), "published port");
}
