import { CLASSIC_SCHEDULING } from "./collect-labels";
import type { IssueList } from "./issue-list";
import { hasOwn, isRecord, scalarText, setOwn, type PlainObject } from "./plain";
import type { SourceMap } from "./source-map";
import type { PathSegment } from "./types";

// Per-service reshaping done before validation: v1/v2 keys move to their v3 places, environment
// and labels become string maps, and a few values get warnings. Moves register source-map aliases
// so errors found later still point at what the user wrote.

export interface ServiceContext {
  env: Record<string, string>;
  issues: IssueList;
  sourceMap?: SourceMap;
}

function child(object: PlainObject, key: string): PlainObject {
  const existing = object[key];
  if (isRecord(existing)) return existing;
  const created: PlainObject = {};
  // A non-mapping value is left for zod to report; writing into a fresh object would hide it.
  if (existing === undefined || existing === null) setOwn(object, key, created);
  return created;
}

/** Moves `service[from]` to a nested destination, refusing to overwrite a value set there too. */
function move(service: PlainObject, path: PathSegment[], from: string, to: string[], ctx: ServiceContext): void {
  if (!hasOwn(service, from)) return;
  const value = service[from];
  delete service[from];
  let target = service;
  for (const key of to.slice(0, -1)) target = child(target, key);
  const last = to[to.length - 1] ?? from;
  if (hasOwn(target, last)) {
    ctx.issues.error("conflict", [...path, from], `${from} conflicts with ${to.join(".")}; set only one of them`, "key");
    return;
  }
  setOwn(target, last, value);
  ctx.sourceMap?.alias([...path, ...to], [...path, from]);
}

const LEGACY_MOVES: [string, string[]][] = [
  ["mem_limit", ["deploy", "resources", "limits", "memory"]],
  ["mem_reservation", ["deploy", "resources", "reservations", "memory"]],
  ["cpus", ["deploy", "resources", "limits", "cpus"]],
  ["pids_limit", ["deploy", "resources", "limits", "pids"]],
  ["scale", ["deploy", "replicas"]],
  ["log_driver", ["logging", "driver"]],
  ["log_opt", ["logging", "options"]],
  ["dns_options", ["dns_opt"]],
  ["net", ["network_mode"]],
];

/** `restart:` (v2 and compose spec) becomes deploy.restart_policy, which Swarm honours. */
function migrateRestart(service: PlainObject, path: PathSegment[], ctx: ServiceContext): void {
  if (!hasOwn(service, "restart")) return;
  const value = service.restart;
  delete service.restart;
  const deploy = child(service, "deploy");
  if (hasOwn(deploy, "restart_policy")) {
    ctx.issues.warn("conflict", [...path, "restart"], "restart is ignored because deploy.restart_policy is set", "key");
    return;
  }
  const text = typeof value === "string" ? value.trim() : value === false ? "no" : undefined;
  const onFailure = text ? /^on-failure(?::(\d+))?$/.exec(text) : null;
  let policy: PlainObject;
  if (text === "no") policy = { condition: "none" };
  else if (text === "always" || text === "unless-stopped") policy = { condition: "any" };
  else if (onFailure) policy = onFailure[1] ? { condition: "on-failure", max_attempts: Number(onFailure[1]) } : { condition: "on-failure" };
  else {
    ctx.issues.error(
      "invalid",
      [...path, "restart"],
      `invalid restart policy ${JSON.stringify(value)}: use "no", "always", "unless-stopped" or "on-failure[:max-retries]"`,
    );
    return;
  }
  deploy.restart_policy = policy;
  ctx.sourceMap?.alias([...path, "deploy", "restart_policy"], [...path, "restart"]);
}

/**
 * Converts list-or-map `environment`/`labels` into a string map with per-key source aliases.
 * An environment entry without a value ("FOO" or `FOO:`) takes the deploy variable of that name,
 * as docker compose takes it from the shell.
 */
function toStringMap(holder: PlainObject, key: string, path: PathSegment[], ctx: ServiceContext, fromEnv: boolean): void {
  const value = holder[key];
  if (value === undefined || value === null) {
    if (value === null) holder[key] = {};
    return;
  }
  const out: PlainObject = {};
  const put = (name: string, text: string | null, at: PathSegment[], sourcePath: PathSegment[]) => {
    if (name === "" || /\s/.test(name) || name.includes("=")) {
      ctx.issues.error("invalid", at, `invalid ${key === "environment" ? "variable" : "label"} name ${JSON.stringify(name)}`);
      return;
    }
    let resolved = text;
    if (resolved === null) {
      // `reschedule:on-node-failure` is a classic scheduling entry, not a variable to look up.
      if (!fromEnv || CLASSIC_SCHEDULING.test(name)) resolved = "";
      else if (hasOwn(ctx.env, name)) resolved = ctx.env[name] ?? "";
      else {
        ctx.issues.warn("interpolation", at, `${name} has no value and is not a deploy variable; it is not set in the container`);
        return;
      }
    }
    if (hasOwn(out, name)) ctx.issues.warn("conflict", at, `${JSON.stringify(name)} is set more than once; the last value is used`);
    setOwn(out, name, resolved);
    ctx.sourceMap?.alias([...path, key, name], sourcePath);
  };
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const at = [...path, key, index];
      const text = scalarText(item);
      if (text === undefined) {
        ctx.issues.error(
          "invalid",
          at,
          `expected "NAME=value", got ${item === null ? "null" : Array.isArray(item) ? "a list" : typeof item}`,
        );
        return;
      }
      const eq = text.indexOf("=");
      put(eq < 0 ? text : text.slice(0, eq), eq < 0 ? null : text.slice(eq + 1), at, at);
    });
  } else if (isRecord(value)) {
    for (const [name, item] of Object.entries(value)) {
      const at = [...path, key, name];
      const text = item === null ? null : scalarText(item);
      if (text === undefined) ctx.issues.error("invalid", at, `expected a string, number or boolean value for ${JSON.stringify(name)}`);
      else put(name, text, at, at);
    }
  } else {
    ctx.issues.error("invalid", [...path, key], `expected a list of "NAME=value" strings or a mapping`);
    return;
  }
  holder[key] = out;
}

/** Value-level warnings for settings Swarm cannot honour as written. */
function warnValues(service: PlainObject, path: PathSegment[], ctx: ServiceContext): void {
  if (Array.isArray(service.ports)) {
    service.ports.forEach((port, index) => {
      if (isRecord(port) && port.mode === "ingress") {
        ctx.issues.warn(
          "unsupported",
          [...path, "ports", index, "mode"],
          "the ingress routing mesh is not available on Wharf clusters; the port is published in host mode on each node running a task",
        );
      }
    });
  }
  const deploy = service.deploy;
  if (isRecord(deploy) && deploy.endpoint_mode === "vip") {
    ctx.issues.warn(
      "unsupported",
      [...path, "deploy", "endpoint_mode"],
      "virtual IPs need IPVS, which Wharf hosts do not provide; the service uses DNS round-robin (dnsrr)",
    );
  }
  if (hasOwn(service, "pull_policy") && service.pull_policy !== "always") {
    ctx.issues.warn(
      "unsupported",
      [...path, "pull_policy"],
      `pull_policy ${JSON.stringify(service.pull_policy)} is ignored: Swarm pulls missing images; use "always" to pull on every deploy`,
      "key",
    );
    delete service.pull_policy;
  }
}

export function normalizeService(service: PlainObject, path: PathSegment[], ctx: ServiceContext): void {
  for (const [from, to] of LEGACY_MOVES) move(service, path, from, to, ctx);
  migrateRestart(service, path, ctx);
  toStringMap(service, "environment", path, ctx, true);
  toStringMap(service, "labels", path, ctx, false);
  if (isRecord(service.deploy)) toStringMap(service.deploy, "labels", [...path, "deploy"], ctx, false);
  warnValues(service, path, ctx);
}
