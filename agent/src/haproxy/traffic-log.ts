/**
 * HAProxy's per-request log as Wharf asks for it (pure): the config lines that make HAProxy send
 * one compact line per request (HTTP) or connection (TCP) to the agent, and the parser of those
 * lines. HAProxy's stats socket only has averages; percentiles need every request's time.
 *
 * A line is `w1 <key> <h|t> <backend> <server> <status> <ms> <termination>`, sent raw (no syslog
 * header) over UDP to 127.0.0.1. The key is the load balancer's random log key (lb-state.ts
 * LbLogging): lines without it were not sent by this load balancer's HAProxy and are dropped.
 */
import type { LbLogging } from "./lb-state";

const VERSION = "w1";

/**
 * HTTP: %ST is the status the client got (-1 when it left before one); %Ta the active time, from
 * the first byte of the request to the last byte of the response (idle keep-alive time excluded).
 */
const httpFormat = (key: string) => `${VERSION} ${key} h %b %s %ST %Ta %ts`;

/** TCP has no status; %Tt is the connection's whole life. */
const tcpFormat = (key: string) => `${VERSION} ${key} t %b %s - %Tt %ts`;

/** The global `log` line: raw lines (no syslog header) to the agent, at most 1 KiB each. */
export const globalLogLine = (logging: LbLogging) => `log 127.0.0.1:${logging.port} len 1024 format raw local0 info`;

export const logFormatLine = (logging: LbLogging, mode: "http" | "tcp") =>
  `log-format "${mode === "http" ? httpFormat(logging.key) : tcpFormat(logging.key)}"`;

export type TrafficSample = {
  mode: "http" | "tcp";
  /** HAProxy's backend name (be_<protocol>_<port>[_route_<route>]). */
  backend: string;
  /** The server name (serverName(task id)); "<NOSRV>" when no server took the request. */
  server: string;
  /** The HTTP status the client got; null for TCP or when it got none. */
  status: number | null;
  /** Total time in ms; null when HAProxy did not measure one (-1). */
  ms: number | null;
  /**
   * No server could be reached: refused or reset while connecting (S C), connect timeout (s C), or
   * a queue timeout (s Q) — HAProxy answered 503 itself (HTTP) or closed the connection (TCP).
   */
  connectionError: boolean;
};

const NAME = /^[A-Za-z0-9_.<>-]{1,100}$/;
const CONNECTION_ERROR = /^[sS][CQ]/;

/** One received datagram: a sample, or null when it is not one of this load balancer's lines. */
export function parseTrafficLine(text: string, key: string): TrafficSample | null {
  const cells = text.trim().split(" ");
  if (cells.length !== 8 || cells[0] !== VERSION || cells[1] !== key) return null;
  const [, , mode, backend = "", server = "", statusText = "", msText = "", termination = ""] = cells;
  if ((mode !== "h" && mode !== "t") || !NAME.test(backend) || !NAME.test(server) || !/^[-A-Za-z]{2,4}$/.test(termination)) return null;
  const status = mode === "h" && /^\d{3}$/.test(statusText) ? Number(statusText) : null;
  const ms = /^\d{1,9}$/.test(msText) ? Number(msText) : null;
  return { mode: mode === "h" ? "http" : "tcp", backend, server, status, ms, connectionError: CONNECTION_ERROR.test(termination) };
}
