import type { Route } from "./extensions";
import type { IssueList } from "./issue-list";
import type { ParseResult } from "./parse-duration";
import type { PathSegment } from "./types";

// Parsers for individual `wharf.*` / `aliyun.*` label values. Labels are strings (numbers were
// converted by normalize), so every parser takes the raw text and explains what it expected.

/** The parsed value of a label, or undefined after reporting the parser's message at the label. */
export function readLabel<T>(issues: IssueList, entry: { label: string; path: PathSegment[] }, result: ParseResult<T>): T | undefined {
  if (result.ok) return result.value;
  issues.error("invalid", entry.path, `${entry.label}: ${result.message}`);
  return undefined;
}

export function parseIntLabel(text: string, min: number, max: number): ParseResult<number> {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return { ok: false, message: `expected a whole number from ${min} to ${max}, got "${text}"` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, message: `must be from ${min} to ${max}, got ${value}` };
  return { ok: true, value };
}

export function parseNumberLabel(text: string, min: number, max: number): ParseResult<number> {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { ok: false, message: `expected a number from ${min} to ${max}, got "${text}"` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, message: `must be from ${min} to ${max}, got ${value}` };
  return { ok: true, value };
}

export function parseBoolLabel(text: string): ParseResult<boolean> {
  const lower = text.trim().toLowerCase();
  if (lower === "true") return { ok: true, value: true };
  if (lower === "false") return { ok: true, value: false };
  return { ok: false, message: `expected "true" or "false", got "${text}"` };
}

export function parsePortSuffix(text: string): ParseResult<number> {
  if (!/^\d+$/.test(text)) return { ok: false, message: `"${text}" is not a port number` };
  const port = Number(text);
  if (port < 1 || port > 65535) return { ok: false, message: `port ${port} is out of range (1-65535)` };
  return { ok: true, value: port };
}

/** `http://container:8080/ping` or `tcp://container:3306`. */
export function parseProbeUrl(text: string): ParseResult<{ scheme: "http" | "https" | "tcp"; host: string; port: number; path: string }> {
  const match = /^(https?|tcp):\/\/([A-Za-z0-9.-]+)(?::(\d+))?(\/\S*)?$/.exec(text.trim());
  if (!match) return { ok: false, message: `expected a URL such as http://container:8080/ping or tcp://container:3306, got "${text}"` };
  const scheme = match[1] as "http" | "https" | "tcp";
  if (scheme === "tcp" && (match[3] === undefined || match[4] !== undefined)) {
    return { ok: false, message: `a TCP probe needs host:port and no path, e.g. tcp://container:3306` };
  }
  const port = match[3] === undefined ? (scheme === "https" ? 443 : 80) : Number(match[3]);
  if (port < 1 || port > 65535) return { ok: false, message: `port ${port} is out of range (1-65535)` };
  return { ok: true, value: { scheme, host: match[2] ?? "", port, path: match[4] ?? "/" } };
}

/** `tcp://my-slb:8080`: scheme, load balancer name or id, listener port. */
export function parseLbTarget(text: string): ParseResult<{ scheme: "tcp" | "http" | "https" | "udp"; lbName: string; frontPort: number }> {
  const match = /^([a-z]+):\/\/([^:/\s]+):(\d+)$/.exec(text.trim());
  if (!match) return { ok: false, message: `expected scheme://load-balancer:port such as tcp://slbtest:8080, got "${text}"` };
  const scheme = match[1] ?? "";
  if (!["tcp", "http", "https", "udp"].includes(scheme)) {
    return { ok: false, message: `unsupported scheme "${scheme}": use tcp, http, https or udp` };
  }
  const lbName = match[2] ?? "";
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(lbName))
    return { ok: false, message: `"${lbName}" is not a valid load balancer name or id` };
  const port = parsePortSuffix(match[3] ?? "");
  if (!port.ok) return { ok: false, message: `listener ${port.message}` };
  return { ok: true, value: { scheme: scheme as "tcp" | "http" | "https" | "udp", lbName, frontPort: port.value } };
}

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PREFIX = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `[http://|https://]domain-or-prefix[:context_path]`, several separated by ";". A bare prefix
 * ("web") is expanded by the routing tier under the cluster's domain; HTTPS needs a real domain.
 */
export function parseRoutes(text: string): ParseResult<Route[]> {
  const routes: Route[] = [];
  for (const raw of text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const match = /^(?:(https?):\/\/)?([^:/\s]+)(?::?(\/?[^\s;]*))?$/.exec(raw);
    if (!match) return { ok: false, message: `invalid route "${raw}": expected [http://]domain[:/path]` };
    const scheme = (match[1] ?? "http") as "http" | "https";
    const host = (match[2] ?? "").toLowerCase();
    const pathText = match[3] ?? "";
    if (host.length > 128) return { ok: false, message: `domain "${host.slice(0, 40)}…" is longer than 128 characters` };
    if (pathText.length > 128) return { ok: false, message: `context path in "${raw}" is longer than 128 characters` };
    const route: Route = { scheme, internal: host.endsWith(".local") };
    if (DOMAIN.test(host)) route.domain = host;
    else if (PREFIX.test(host)) {
      if (scheme === "https") return { ok: false, message: `HTTPS routing needs your own domain, not the bare prefix "${host}"` };
      route.prefix = host;
    } else return { ok: false, message: `"${host}" is not a valid domain or domain prefix` };
    if (pathText !== "") route.path = pathText.startsWith("/") ? pathText : `/${pathText}`;
    routes.push(route);
  }
  if (routes.length === 0) return { ok: false, message: "expected at least one domain" };
  return { ok: true, value: routes };
}

/** `stdout`, or an absolute file path whose last segment may be a glob (`/var/log/*.log`). */
export function parseLogSource(text: string): ParseResult<{ kind: "stdout" } | { kind: "file"; path: string }> {
  const value = text.trim();
  if (value === "stdout") return { ok: true, value: { kind: "stdout" } };
  if (!value.startsWith("/")) return { ok: false, message: `expected "stdout" or an absolute path such as /var/log/*.log, got "${text}"` };
  const segments = value.split("/");
  if (segments.includes("..")) return { ok: false, message: `log path "${value}" must not contain ".."` };
  if (value.length > 1024) return { ok: false, message: "a log path may be at most 1024 characters long" };
  if (segments.slice(0, -1).some((segment) => /[*?[\]]/.test(segment))) {
    return { ok: false, message: `wildcards are only allowed in the file name of "${value}"` };
  }
  return { ok: true, value: { kind: "file", path: value } };
}

/** `0,1,3`: distinct GPU indices. */
export function parseIndexList(text: string): ParseResult<number[]> {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d{1,3}$/.test(part))) return { ok: false, message: `expected GPU indices such as "0,1", got "${text}"` };
  const values = parts.map(Number);
  if (new Set(values).size !== values.length) return { ok: false, message: `GPU index listed twice in "${text}"` };
  return { ok: true, value: values };
}

/** `k=v,k2=v2` (log-pilot tags). */
export function parseTags(text: string): ParseResult<Record<string, string>> {
  const tags: Record<string, string> = {};
  for (const pair of text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return { ok: false, message: `expected key=value pairs separated by ",", got "${pair}"` };
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { ok: true, value: tags };
}
