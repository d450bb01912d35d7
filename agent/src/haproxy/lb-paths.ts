/**
 * Where one load balancer's files live on the node: `<agent state dir>/haproxy/<lbId>/`.
 * Certificates and crt-lists are named by their content, so the previous ones stay in place while
 * a new configuration is tried (and are deleted once nothing refers to them).
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { safeName } from "./lb-state";

export type LbPaths = {
  dir: string;
  config: string;
  /** The candidate config, checked with `haproxy -c` before it replaces `config`. */
  nextConfig: string;
  state: string;
  pidFile: string;
  masterSocket: string;
  adminSocket: string;
  /** HAProxy's own stdout/stderr (startup alerts, reload failures). */
  log: string;
  certs: string;
};

/** The folder holding every load balancer's directory. */
export const haproxyRoot = (stateDir: string) => path.join(stateDir, "haproxy");

export function lbPaths(root: string, lbId: string): LbPaths {
  const dir = path.join(root, lbId);
  return {
    dir,
    config: path.join(dir, "haproxy.cfg"),
    nextConfig: path.join(dir, "haproxy.cfg.next"),
    state: path.join(dir, "state.json"),
    pidFile: path.join(dir, "haproxy.pid"),
    masterSocket: path.join(dir, "master.sock"),
    adminSocket: path.join(dir, "admin.sock"),
    log: path.join(dir, "haproxy.log"),
    certs: path.join(dir, "certs"),
  };
}

export const contentHash = (text: string) => createHash("sha256").update(text).digest("hex");

/** A certificate's PEM file: its name and the start of its content hash. */
export const certFile = (paths: Pick<LbPaths, "certs">, cert: { name: string; sha256: string }) =>
  path.join(paths.certs, `${safeName(cert.name)}-${cert.sha256.slice(0, 16)}.pem`);

/** A frontend's crt-list (the exact certificate files it serves, SNI picks among them). */
export const crtListFile = (paths: Pick<LbPaths, "certs">, frontend: string, content: string) =>
  path.join(paths.certs, `${frontend}-${contentHash(content).slice(0, 16)}.crtlist`);

/** Unix socket paths are limited to 107 bytes. */
export const SOCKET_PATH_MAX = 107;
