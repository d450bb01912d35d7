import { hasOwn, isRecord, scalarText, setOwn, type PlainObject } from "./plain";
import type { Path, PathSegment } from "./types";

// How compose `extends` lays a service over the service it extends (compose-spec 05-services.md
// "Merging service definitions" and 13-merge.md, as docker compose does it):
// - mappings merge key by key, the extending service winning; scalars are replaced;
// - environment, labels, deploy.labels, sysctls, annotations, build.args/labels may be written as
//   lists or mappings: both sides become mappings first, so `- A=1` and `A: 2` meet as one key;
// - command, entrypoint and healthcheck.test are replaced, never concatenated;
// - ports, volumes, secrets and configs are concatenated, an extending entry replacing the base's
//   entry with the same unique key (ports: host ip + published + target + protocol; volumes,
//   secrets, configs: the container target);
// - dns, dns_search, env_file and tmpfs are concatenated as written;
// - any other sequence is concatenated without the base's entries the extending service repeats;
// - depends_on, links, volumes_from and a `network_mode: service:/container:` are not inherited:
//   they tie the base to other services, and the extending service declares its own.

/** Where a value of the merged service (relative path `at`) was written before the merge. */
export interface Pin {
  at: PathSegment[];
  from: Path;
}

export interface MergeContext {
  basePath: Path;
  childPath: Path;
  /** Filled with the origins of everything that moved or was copied from the base. */
  pins: Pin[];
  /** Values that may still be copied; `extends` must not become a way around the parser's limits. */
  budget: { left: number };
}

export class CopyLimitError extends Error {}

type Kind = "replace" | "listOrMap" | "unique" | "append" | "networks" | "extraHosts" | "logging";

const RULES: Readonly<Record<string, Kind>> = {
  command: "replace",
  entrypoint: "replace",
  "healthcheck.test": "replace",
  environment: "listOrMap",
  labels: "listOrMap",
  annotations: "listOrMap",
  sysctls: "listOrMap",
  "deploy.labels": "listOrMap",
  "build.args": "listOrMap",
  "build.labels": "listOrMap",
  ports: "unique",
  volumes: "unique",
  secrets: "unique",
  configs: "unique",
  dns: "append",
  dns_search: "append",
  env_file: "append",
  tmpfs: "append",
  networks: "networks",
  extra_hosts: "extraHosts",
  logging: "logging",
};

const NOT_INHERITED = ["depends_on", "links", "volumes_from"];

function notInherited(key: string, value: unknown): boolean {
  if (NOT_INHERITED.includes(key)) return true;
  return key === "network_mode" && typeof value === "string" && /^(service|container):/.test(value.trim());
}

function portKey(item: unknown): string {
  if (isRecord(item)) {
    return [item.host_ip ?? "", item.published ?? "", item.target ?? "", item.protocol ?? "tcp"].map(String).join("|");
  }
  const text = scalarText(item);
  if (text === undefined) return JSON.stringify(item);
  const slash = text.lastIndexOf("/");
  const protocol = slash < 0 ? "tcp" : text.slice(slash + 1).toLowerCase();
  let address = slash < 0 ? text : text.slice(0, slash);
  let ip = "";
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    ip = address.slice(1, close);
    address = address.slice(close + 2);
  }
  const parts = address.split(":");
  if (parts.length === 3) ip = parts.shift() ?? "";
  const target = parts.pop() ?? "";
  return [ip, parts.pop() ?? "", target, protocol].join("|");
}

function targetKey(item: unknown): string {
  if (isRecord(item)) return String(item.target ?? item.source ?? JSON.stringify(item));
  const text = scalarText(item);
  if (text === undefined) return JSON.stringify(item);
  const parts = text.split(":");
  return (parts.length === 1 ? parts[0] : parts[1]) ?? text;
}

/** Volumes name the container path second (`src:/target`); secrets and configs are a bare name. */
const UNIQUE_KEYS: Readonly<Record<string, (item: unknown) => string>> = {
  ports: portKey,
  volumes: targetKey,
  secrets: (item) => (isRecord(item) ? targetKey(item) : JSON.stringify(item)),
  configs: (item) => (isRecord(item) ? targetKey(item) : JSON.stringify(item)),
};

function copy(value: unknown, ctx: MergeContext): unknown {
  if (--ctx.budget.left < 0) throw new CopyLimitError();
  if (Array.isArray(value)) return value.map((item) => copy(item, ctx));
  if (!isRecord(value)) return value;
  const out: PlainObject = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, copy(item, ctx));
  return out;
}

interface Sourced {
  value: unknown;
  from: Path;
}

/** A list (or a single string standing for one) as items with the paths they were written at. */
function itemsOf(value: unknown, from: Path): Sourced[] {
  if (Array.isArray(value)) return value.map((item, index) => ({ value: item, from: [...from, index] }));
  return [{ value, from }];
}

/** List-or-mapping entries (`- A=1`, `- A`, `A: 1`) by name; undefined when the shape is wrong. */
function entriesOf(value: unknown, from: Path): Map<string, Sourced> | undefined {
  const out = new Map<string, Sourced>();
  if (isRecord(value)) {
    for (const [name, item] of Object.entries(value)) out.set(name, { value: item, from: [...from, name] });
    return out;
  }
  if (!Array.isArray(value)) return undefined;
  for (const [index, item] of value.entries()) {
    const text = scalarText(item);
    if (text === undefined) return undefined;
    const eq = text.indexOf("=");
    out.set(eq < 0 ? text : text.slice(0, eq), { value: eq < 0 ? null : text.slice(eq + 1), from: [...from, index] });
  }
  return out;
}

function place(at: PathSegment[], item: Sourced, fromBase: boolean, ctx: MergeContext): unknown {
  ctx.pins.push({ at, from: item.from });
  return fromBase ? copy(item.value, ctx) : item.value;
}

function mergeEntries(at: PathSegment[], base: Map<string, Sourced>, child: Map<string, Sourced>, ctx: MergeContext): PlainObject {
  const out: PlainObject = {};
  for (const [name, item] of base) {
    const own = child.get(name);
    setOwn(out, name, own ? place([...at, name], own, false, ctx) : place([...at, name], item, true, ctx));
  }
  for (const [name, item] of child) if (!base.has(name)) setOwn(out, name, place([...at, name], item, false, ctx));
  return out;
}

/** Base items first (minus those an extending item replaces, by `key`), then the extending items. */
function mergeItems(at: PathSegment[], base: Sourced[], child: Sourced[], ctx: MergeContext, key?: (item: unknown) => string) {
  const replaced = new Set(key ? child.map((item) => key(item.value)) : []);
  const kept = key ? base.filter((item) => !replaced.has(key(item.value))) : base;
  return [
    ...kept.map((item, index) => place([...at, index], item, true, ctx)),
    ...child.map((item, index) => place([...at, kept.length + index], item, false, ctx)),
  ];
}

/** Service networks may be a list of names or a mapping of attachments. */
function mergeNetworks(at: PathSegment[], base: unknown, child: unknown, ctx: MergeContext): unknown {
  const basePath = [...ctx.basePath, ...at];
  const childPath = [...ctx.childPath, ...at];
  if (Array.isArray(base) && Array.isArray(child)) {
    return mergeItems(at, itemsOf(base, basePath), itemsOf(child, childPath), ctx, (item) => JSON.stringify(item));
  }
  const asEntries = (value: unknown, from: Path) =>
    Array.isArray(value)
      ? new Map(value.map((name, index): [string, Sourced] => [String(name), { value: null, from: [...from, index] }]))
      : entriesOf(value, from);
  const baseEntries = asEntries(base, basePath);
  const childEntries = asEntries(child, childPath);
  if (!baseEntries || !childEntries) return child;
  const out: PlainObject = {};
  for (const [name, item] of baseEntries) {
    const own = childEntries.get(name);
    if (own && isRecord(own.value) && isRecord(item.value)) setOwn(out, name, mergeMappings([...at, name], item.value, own.value, ctx));
    else if (own && own.value !== null) setOwn(out, name, place([...at, name], own, false, ctx));
    else setOwn(out, name, place([...at, name], item, true, ctx));
  }
  for (const [name, item] of childEntries) if (!baseEntries.has(name)) setOwn(out, name, place([...at, name], item, false, ctx));
  return out;
}

function mergeValue(at: PathSegment[], base: unknown, child: unknown, ctx: MergeContext): unknown {
  const rule = RULES[at.join(".")];
  const basePath = [...ctx.basePath, ...at];
  const childPath = [...ctx.childPath, ...at];
  if (rule === "replace") return child;
  if (rule === "networks") return mergeNetworks(at, base, child, ctx);
  if (rule === "listOrMap") {
    const baseEntries = entriesOf(base, basePath);
    const childEntries = entriesOf(child, childPath);
    return baseEntries && childEntries ? mergeEntries(at, baseEntries, childEntries, ctx) : child;
  }
  if (rule === "append" && (Array.isArray(base) || Array.isArray(child))) {
    return mergeItems(at, itemsOf(base, basePath), itemsOf(child, childPath), ctx);
  }
  if (rule === "extraHosts" && Array.isArray(base) !== Array.isArray(child)) {
    const asList = (value: unknown, from: Path): Sourced[] =>
      isRecord(value)
        ? Object.entries(value).map(([host, ip]) => ({ value: `${host}=${String(ip)}`, from: [...from, host] }))
        : itemsOf(value, from);
    return mergeItems(at, asList(base, basePath), asList(child, childPath), ctx, (item) => JSON.stringify(item));
  }
  if (rule === "logging" && isRecord(base) && isRecord(child)) {
    if (base.driver !== undefined && child.driver !== undefined && base.driver !== child.driver) return child;
  }
  if (isRecord(base) && isRecord(child)) return mergeMappings(at, base, child, ctx);
  if (Array.isArray(base) && Array.isArray(child)) {
    const key = (rule === "unique" ? UNIQUE_KEYS[at.join(".")] : undefined) ?? ((item: unknown) => JSON.stringify(item));
    return mergeItems(at, itemsOf(base, basePath), itemsOf(child, childPath), ctx, key);
  }
  return child;
}

function mergeMappings(at: PathSegment[], base: PlainObject, child: PlainObject, ctx: MergeContext): PlainObject {
  const out: PlainObject = {};
  for (const [key, value] of Object.entries(base)) {
    const path = [...at, key];
    // An empty key in the extending service (`environment:`) adds nothing.
    if (hasOwn(child, key) && child[key] !== null) setOwn(out, key, mergeValue(path, value, child[key], ctx));
    else setOwn(out, key, place(path, { value, from: [...ctx.basePath, ...path] }, true, ctx));
  }
  for (const [key, value] of Object.entries(child)) if (!hasOwn(base, key)) setOwn(out, key, value);
  return out;
}

export interface MergedService {
  service: PlainObject;
  /** Keys of the base that were left out because extends never shares them. */
  notInherited: string[];
}

/** Lays `child` over a copy of `base`; neither input is changed, the result may share `child`'s values. */
export function mergeService(base: PlainObject, child: PlainObject, ctx: MergeContext): MergedService {
  const inherited: PlainObject = {};
  const left: string[] = [];
  for (const [key, value] of Object.entries(base)) {
    if (notInherited(key, value)) left.push(key);
    else setOwn(inherited, key, value);
  }
  return { service: mergeMappings([], inherited, child, ctx), notInherited: left };
}
