/**
 * haproxy.cfg for one load balancer, rendered in full from its desired state (pure). Every value
 * that reaches the file was validated by lib/protocol/haproxy.ts (host names, path prefixes, names)
 * or derived here; paths are single-quoted.
 *
 * The defaults are chosen so task churn stays invisible to clients: a connection that fails is
 * retried (3 times, on another server: `option redispatch 1`), HTTP requests are also retried when
 * the server closed, timed out or answered garbage before any response (never on a 5xx it sent),
 * `timeout connect 1s` gives up on a dead task quickly, and health checks every second take a task
 * out after 2 failures and back after 1 success.
 *
 * Every request is logged to the agent (traffic-log.ts) when the state names a log port.
 */
import { isIPv6 } from "node:net";
import { certFile, crtListFile, type LbPaths } from "./lb-paths";
import { globalLogLine, logFormatLine } from "./traffic-log";
import {
  backendName,
  cookieKey,
  desiredBackends,
  frontendName,
  isRouting,
  notFoundBackendName,
  serverName,
  type LbState,
  type ListenerState,
  type PoolServer,
} from "./lb-state";

export const STICKY_COOKIE = "WHARFSTICKY";

/** The server options every server gets, in the config and on `add server` alike. */
export const SERVER_CHECK = "check inter 1s fall 2 rise 1";

export type RenderedConfig = { config: string; crtLists: { path: string; content: string }[] };

export type RenderOptions = {
  /** False: leave server lines out (what decides whether a change needs a reload). */
  servers?: boolean;
};

const quote = (text: string) => `'${text}'`;

export const endpoint = (address: string, port: number) => (isIPv6(address) ? `ipv6@${address}:${port}` : `${address}:${port}`);

export const serverLine = (s: PoolServer) =>
  `server ${serverName(s.id)} ${endpoint(s.address, s.port)} weight ${s.drained ? 0 : s.weight} ${SERVER_CHECK}`;

function globalSection(state: LbState, paths: LbPaths): string[] {
  return [
    `# Written by the Wharf agent for load balancer ${state.lbId}: rewritten in full on every change, do not edit.`,
    "global",
    `    stats socket ${quote(paths.adminSocket)} mode 600 level admin expose-fd listeners`,
    "    stats timeout 30s",
    // old workers finish their connections after a reload, but not forever
    "    hard-stop-after 10m",
    ...(state.logging ? [`    ${globalLogLine(state.logging)}`] : []),
    "",
    "defaults",
    ...(state.logging ? ["    log global"] : []),
    "    timeout connect 1s",
    "    timeout client 60s",
    "    timeout server 60s",
    "    timeout http-request 10s",
    "    timeout http-keep-alive 10s",
    "    timeout queue 10s",
    "    timeout tunnel 1h",
    "    retries 3",
    "    option redispatch 1",
    "",
  ];
}

/** Longest path first, so /api/v2 wins over /api and / comes last. */
const byPathLength = (l: ListenerState) =>
  l.routes
    .map((route, index) => ({ route, index }))
    .sort((a, b) => b.route.pathPrefix.length - a.route.pathPrefix.length || a.index - b.index);

function routingRules(l: ListenerState): string[] {
  const lines = ["    http-request set-var(txn.wharf_host) req.hdr(host),field(1,:),lower"];
  byPathLength(l).forEach(({ route }, i) => {
    const exact = route.hosts.filter((h) => !h.startsWith("*."));
    const wildcard = route.hosts.filter((h) => h.startsWith("*."));
    if (exact.length) lines.push(`    acl r${i}_host var(txn.wharf_host) -m str ${exact.join(" ")}`);
    for (const w of wildcard) lines.push(`    acl r${i}_host var(txn.wharf_host) -m end ${w.slice(1)}`);
    const prefix = route.pathPrefix;
    if (prefix === "/") {
      lines.push(`    use_backend ${backendName(l, route.name)} if r${i}_host`);
      return;
    }
    if (prefix.endsWith("/")) lines.push(`    acl r${i}_path path_beg ${quote(prefix)}`);
    else lines.push(`    acl r${i}_path path ${quote(prefix)}`, `    acl r${i}_path path_beg ${quote(`${prefix}/`)}`);
    lines.push(`    use_backend ${backendName(l, route.name)} if r${i}_host r${i}_path`);
  });
  lines.push(`    default_backend ${notFoundBackendName(l)}`);
  return lines;
}

function frontend(state: LbState, l: ListenerState, crtList: string | null): string[] {
  const bind = `    bind ${endpoint(state.settings.bindAddress, l.port)}${crtList ? ` ssl crt-list ${quote(crtList)} alpn h2,http/1.1` : ""}`;
  const mode = l.protocol === "tcp" ? "tcp" : "http";
  const lines = [`frontend ${frontendName(l)}`, `    mode ${mode}`, bind];
  if (state.logging) lines.push(`    ${logFormatLine(state.logging, mode)}`);
  if (l.protocol !== "tcp") lines.push("    option forwardfor", `    http-request set-header X-Forwarded-Proto ${l.protocol}`);
  if (isRouting(l)) lines.push(...routingRules(l));
  else lines.push(`    default_backend ${backendName(l)}`);
  return [...lines, ""];
}

function backend(state: LbState, l: ListenerState, name: string, sticky: boolean, servers: PoolServer[] | null): string[] {
  const lines = [`backend ${name}`, `    mode ${l.protocol === "tcp" ? "tcp" : "http"}`, "    balance roundrobin"];
  if (l.protocol === "tcp") {
    // TCP has no cookies: stickiness by client address
    if (sticky) lines.push("    stick-table type ipv6 size 200k expire 30m", "    stick on src");
  } else {
    // Not `all-retryable-errors`: retrying a 500/502/503/504 the application answered hides its
    // errors from the per-colour figures release guard rails watch, and repeats requests it did
    // process (a POST that failed half-way). Retried: what failed before any answer came (refused
    // connection, closed or garbled answer, response timeout, refused TLS early data).
    lines.push(
      "    retry-on conn-failure empty-response junk-response response-timeout 0rtt-rejected",
      "    option httpchk GET /",
      "    http-check expect ! rstatus ^5",
    );
    // dynamic cookies: HAProxy 2.6 refuses `cookie` on servers added at runtime, but hashes a key
    // with each server's address:port for them too (after `enable dynamic-cookie backend`)
    if (sticky)
      lines.push(
        `    cookie ${STICKY_COOKIE} insert indirect nocache maxidle 30m maxlife 8h dynamic`,
        `    dynamic-cookie-key ${cookieKey(state.lbId, name)}`,
      );
  }
  for (const s of servers ?? []) lines.push(`    ${serverLine(s)}`);
  return [...lines, ""];
}

function notFound(l: ListenerState): string[] {
  return [
    `backend ${notFoundBackendName(l)}`,
    "    mode http",
    '    http-request return status 404 content-type "text/plain" string "No route for this host on this load balancer"',
    "",
  ];
}

/** The crt-list of an https frontend: one certificate file per line. */
export function crtListContent(paths: Pick<LbPaths, "certs">, l: ListenerState): string {
  return l.certificates.map((c) => `${certFile(paths, c)}\n`).join("");
}

export function renderConfig(state: LbState, paths: LbPaths, { servers = true }: RenderOptions = {}): RenderedConfig {
  const lines = globalSection(state, paths);
  const crtLists: RenderedConfig["crtLists"] = [];
  for (const l of state.listeners) {
    let crtList: string | null = null;
    if (l.protocol === "https") {
      const content = crtListContent(paths, l);
      crtList = crtListFile(paths, frontendName(l), content);
      crtLists.push({ path: crtList, content });
    }
    lines.push(...frontend(state, l, crtList));
  }
  for (const b of desiredBackends(state)) lines.push(...backend(state, b.listener, b.backend, b.sticky, servers ? b.servers : null));
  for (const l of state.listeners) if (isRouting(l)) lines.push(...notFound(l));
  return { config: `${lines.join("\n")}\n`, crtLists };
}

/**
 * Whether going from `a` to `b` needs a reload: anything but server lines changed (frontends,
 * routes, stickiness, certificates, settings). Pool changes go through the runtime API instead.
 */
export function needsReload(a: LbState, b: LbState, paths: LbPaths): boolean {
  const skeleton = (s: LbState) => JSON.stringify(renderConfig(s, paths, { servers: false }));
  return skeleton(a) !== skeleton(b);
}
