import { hint } from "./did-you-mean";
import { IssueList } from "./issue-list";
import { TOP_RULE } from "./key-rules";
import type { WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { normalizeService } from "./normalize-service";
import { checkHostAccessKeys } from "./policy-keys";
import { resolveExtends } from "./resolve-extends";
import { hasOwn, isRecord, type PlainObject } from "./plain";
import type { ComposeFormat } from "./schema-compose";
import type { SourceMap } from "./source-map";
import type { Issue } from "./types";
import { walkKeys } from "./walk-keys";

export interface NormalizeOptions {
  /** The interpolated document (normalize reshapes it in place). */
  value: unknown;
  /** Deploy variables, for environment entries written without a value. */
  env?: Record<string, string>;
  /** Receives aliases for moved values; its positions locate the issues. */
  sourceMap?: SourceMap;
  /** When given, host-access keys Swarm cannot honour (privileged, pid: host…) that it forbids are policy errors, not warnings. */
  policy?: WorkloadPolicy;
}

export interface NormalizeResult {
  doc: PlainObject;
  format: ComposeFormat;
  issues: Issue[];
}

const SPEC_TOP_LEVEL = ["version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"];

/**
 * Decides the compose format. v1 files have no `version` and no `services`: every top-level key
 * is a service. v2.x/v3.x declare `version`; the compose spec may omit it.
 */
function detectFormat(top: PlainObject, issues: IssueList): ComposeFormat | undefined {
  const hasServices = hasOwn(top, "services");
  if (!hasOwn(top, "version")) {
    if (hasServices) return "spec";
    const specKeys = Object.keys(top).filter((key) => SPEC_TOP_LEVEL.includes(key));
    if (specKeys.length > 0 || Object.keys(top).every((key) => key.startsWith("x-"))) {
      issues.error("required", ["services"], "services is missing: a compose file needs a services section");
      return undefined;
    }
    return "v1";
  }
  const raw = top.version;
  const version = typeof raw === "number" ? String(raw) : raw;
  if (typeof version !== "string" || !/^[23](\.\d+)?$/.test(version.trim())) {
    issues.error(
      "invalid",
      ["version"],
      `unsupported compose version ${JSON.stringify(raw)}: use "2.x" or "3.x", or omit version (compose specification)`,
    );
    return undefined;
  }
  top.version = version.trim();
  if (!hasServices) {
    issues.error("required", ["services"], `services is missing: a version ${version} file needs a services section`);
    return undefined;
  }
  return version.trim().startsWith("2") ? "v2" : "v3";
}

/** Fills defaults for null entries and rewrites the v2 `external: {name}` form. */
function normalizeResources(doc: PlainObject, issues: IssueList, sourceMap: SourceMap | undefined): void {
  for (const section of ["networks", "volumes", "secrets", "configs"]) {
    const entries = doc[section];
    if (entries === null) doc[section] = {};
    if (!isRecord(entries)) continue;
    for (const [name, def] of Object.entries(entries)) {
      if (def === null) entries[name] = {};
      const value = entries[name];
      if (!isRecord(value)) continue;
      if (isRecord(value.external)) {
        const externalName = value.external.name;
        if (externalName !== undefined) {
          if (value.name !== undefined && value.name !== externalName) {
            issues.error("conflict", [section, name, "external", "name"], "external.name and name differ; set only name");
          }
          value.name = externalName;
          sourceMap?.alias([section, name, "name"], [section, name, "external", "name"]);
        }
        value.external = true;
      }
      if (section === "networks" && value.external !== true && typeof value.driver === "string" && value.driver !== "overlay") {
        issues.warn(
          "unsupported",
          [section, name, "driver"],
          `driver "${value.driver}" cannot span cluster nodes; Wharf creates an overlay network instead`,
        );
        value.driver = "overlay";
      }
    }
  }
}

/**
 * Brings any supported compose format into one shape: services under `services`, legacy keys moved
 * to their v3 places, environment and labels as string maps, unsupported keys removed with a
 * warning, unknown keys reported with a "did you mean" hint. Type checking is left to validate.
 */
export function normalize({ value: input, env = {}, sourceMap, policy }: NormalizeOptions): NormalizeResult {
  const issues = new IssueList(sourceMap?.locator);
  if (!isRecord(input)) {
    issues.error("invalid", [], "the top level of a compose file must be a mapping");
    return { doc: {}, format: "spec", issues: issues.items };
  }
  const value = input;
  const format = detectFormat(value, issues) ?? "spec";
  let doc: PlainObject = value;
  if (format === "v1") {
    const services: PlainObject = {};
    for (const [name, service] of Object.entries(value)) {
      if (name.startsWith("x-")) continue;
      const misspelt = hint(name, SPEC_TOP_LEVEL);
      if (misspelt) {
        issues.error("unknown-key", [name], `unknown top-level key "${name}"${misspelt}`, "key");
        continue;
      }
      if (!isRecord(service) && service !== null) {
        issues.error(
          "invalid",
          [name],
          `top-level key "${name}" is not a service definition${hint(name, SPEC_TOP_LEVEL)}; a file without version or services is read as compose v1, where every top-level key is a service`,
          "key",
        );
        continue;
      }
      services[name] = service;
    }
    doc = { services };
    sourceMap?.alias(["services"], []);
  }

  const services = doc.services;
  if (services === null || (isRecord(services) && Object.keys(services).length === 0)) {
    issues.error("required", ["services"], "no services are defined");
  }
  if (isRecord(services)) {
    resolveExtends({ services, issues, sourceMap });
    for (const [name, service] of Object.entries(services)) {
      if (service === null) services[name] = {};
      const current = services[name];
      if (!isRecord(current)) continue;
      normalizeService(current, ["services", name], { env, issues, sourceMap });
      if (policy) checkHostAccessKeys(current, ["services", name], policy, issues);
    }
  }
  normalizeResources(doc, issues, sourceMap);
  walkKeys(doc, [], TOP_RULE, issues);
  return { doc, format, issues: issues.items };
}
