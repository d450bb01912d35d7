import { hint } from "./did-you-mean";
import type { IssueList } from "./issue-list";
import { CopyLimitError, mergeService } from "./merge-extends";
import { DEFAULT_MAX_VALUES } from "./parse-compose";
import { hasOwn, isRecord, type PlainObject } from "./plain";
import type { SourceMap } from "./source-map";
import type { Path } from "./types";

// Compose `extends` naming a service of the same file: the service is laid over a copy of its base
// (rules in merge-extends.ts) before services are normalised, so everything after sees ordinary
// services. `extends: { file: ... }` is refused: Wharf has only the uploaded file. Copies register
// source-map pins, so a problem in an inherited value points at the line of the base that wrote it.

export interface ResolveExtendsOptions {
  /** The `services` mapping; services are replaced by their merged versions in place. */
  services: PlainObject;
  issues: IssueList;
  sourceMap?: SourceMap;
  /** Most values all copies together may add (default: the parser's value limit). */
  maxValues?: number;
}

interface Reference {
  base: string;
  /** Where the base's name is written, for errors. */
  at: Path;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "a list" : typeof value;
}

function readReference(name: string, value: unknown, issues: IssueList): Reference | undefined {
  const path = ["services", name, "extends"];
  if (typeof value === "string" && value !== "") return { base: value, at: path };
  if (!isRecord(value)) {
    issues.error(
      "invalid",
      path,
      `extends must name a service of this file ("extends: base") or be a mapping with service; got ${describe(value)}`,
    );
    return undefined;
  }
  if (hasOwn(value, "file")) {
    issues.error(
      "unsupported",
      [...path, "file"],
      `extends.file is not supported: Wharf reads only this compose file and cannot open ${JSON.stringify(value.file)}. Copy the base service into this file and extend it by name (extends: { service: <name> })`,
      "key",
    );
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key !== "service") issues.error("unknown-key", [...path, key], `unknown key "${key}"${hint(key, ["service", "file"])}`, "key");
  }
  if (typeof value.service !== "string" || value.service === "") {
    issues.error(
      "required",
      hasOwn(value, "service") ? [...path, "service"] : path,
      "extends needs the name of the service to extend: extends: { service: <name> }",
    );
    return undefined;
  }
  return { base: value.service, at: [...path, "service"] };
}

/** "a → b → a", starting at `member`. */
function cycleText(cycle: string[], member: string): string {
  const start = cycle.indexOf(member);
  return [...cycle.slice(start), ...cycle.slice(0, start), member].join(" → ");
}

class Resolver {
  private readonly refs = new Map<string, Reference>();
  private readonly state = new Map<string, "done" | "failed">();
  private readonly budget: { left: number };
  private stopped = false;

  constructor(private readonly options: ResolveExtendsOptions) {
    this.budget = { left: options.maxValues ?? DEFAULT_MAX_VALUES };
  }

  run(): void {
    const { services, issues } = this.options;
    for (const [name, service] of Object.entries(services)) {
      if (!isRecord(service) || !hasOwn(service, "extends")) continue;
      const ref = readReference(name, service.extends, issues);
      delete service.extends;
      if (ref) this.refs.set(name, ref);
      else this.state.set(name, "failed");
    }
    for (const name of this.refs.keys()) if (!this.state.has(name) && !this.stopped) this.resolve(name);
  }

  /** Follows `name`'s chain of bases to a service without extends, then merges back up the chain. */
  private resolve(name: string): void {
    const { services, issues } = this.options;
    const chain = [name];
    for (;;) {
      const last = chain[chain.length - 1] ?? name;
      const ref = this.refs.get(last);
      if (!ref) break;
      if (!hasOwn(services, ref.base)) {
        const others = Object.keys(services).filter((other) => other !== last);
        issues.error(
          "reference",
          ref.at,
          `service "${ref.base}" is not defined in this file${hint(ref.base, others)}; extends can only name a service of this file`,
        );
        return this.fail(chain);
      }
      const loop = chain.indexOf(ref.base);
      if (loop >= 0) {
        const cycle = chain.slice(loop);
        for (const member of cycle) {
          const at = this.refs.get(member)?.at ?? ref.at;
          issues.error("cycle", at, `extends forms a cycle: ${cycleText(cycle, member)}`);
        }
        return this.fail(chain);
      }
      const baseState = this.state.get(ref.base);
      if (baseState === "failed") return this.fail(chain);
      if (baseState === "done" || !this.refs.has(ref.base)) break;
      chain.push(ref.base);
    }
    for (const member of chain.reverse()) {
      if (!this.merge(member)) return this.fail(chain);
      this.state.set(member, "done");
    }
  }

  private fail(chain: string[]): void {
    for (const member of chain) if (!this.state.has(member)) this.state.set(member, "failed");
  }

  private merge(name: string): boolean {
    const { services, issues, sourceMap } = this.options;
    const ref = this.refs.get(name);
    const child = services[name];
    if (!ref || !isRecord(child)) return false;
    const rawBase = services[ref.base];
    const base = rawBase === null ? {} : rawBase;
    // A base that is not a mapping is reported where it is written, by validation.
    if (!isRecord(base)) return false;
    const basePath = ["services", ref.base];
    const childPath = ["services", name];
    const pins: { at: (string | number)[]; from: Path }[] = [];
    let merged: ReturnType<typeof mergeService>;
    try {
      merged = mergeService(base, child, { basePath, childPath, pins, budget: this.budget });
    } catch (error) {
      if (!(error instanceof CopyLimitError)) throw error;
      const max = this.options.maxValues ?? DEFAULT_MAX_VALUES;
      issues.error("limit", ref.at, `extends copies more than ${max} values in total; extend smaller services or use fewer of them`);
      this.stopped = true;
      return false;
    }
    services[name] = merged.service;
    sourceMap?.pin(pins.map((pin) => ({ from: [...childPath, ...pin.at], to: pin.from })));
    if (merged.notInherited.includes("depends_on") && !hasOwn(child, "depends_on")) {
      issues.note(
        "reference",
        ref.at,
        `"${name}" does not inherit depends_on from "${ref.base}": extends never shares dependencies on other services; declare depends_on on "${name}" if it needs them`,
      );
    }
    return true;
  }
}

/**
 * Replaces every service that has `extends` by its base merged with it, following chains
 * (a extends b extends c). A missing base, a cycle or an `extends.file` is a located error; the
 * `extends` key is removed from every service either way.
 */
export function resolveExtends(options: ResolveExtendsOptions): void {
  new Resolver(options).run();
}
