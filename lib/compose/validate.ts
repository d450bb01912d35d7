import { hint } from "./did-you-mean";
import { IssueList } from "./issue-list";
import type { PlainObject } from "./plain";
import { composeSchema, type ComposeApp, type ComposeFormat } from "./schema-compose";
import type { ComposeService } from "./schema-service";
import type { Issue, Locate, PathSegment } from "./types";
import { checkResourceName, checkServiceName } from "./valid-names";
import { reportZodIssues } from "./zod-issues";

export interface ValidateOptions {
  doc: PlainObject;
  format: ComposeFormat;
  locate?: Locate;
}

export interface ValidateResult {
  /** Present when the types are right, even if cross-checks failed, so later stages can add issues. */
  app?: ComposeApp;
  issues: Issue[];
}

/** Docker refuses memory limits below 6 MiB. */
const MIN_MEMORY_LIMIT = 6 * 1024 * 1024;

function checkNames(app: ComposeApp, issues: IssueList): void {
  for (const name of Object.keys(app.services)) {
    const problem = checkServiceName(name);
    if (problem) issues.error("invalid", ["services", name], problem, "key");
  }
  const sections = [
    ["networks", "network name"],
    ["volumes", "volume name"],
    ["secrets", "secret name"],
    ["configs", "config name"],
  ] as const;
  for (const [section, what] of sections) {
    for (const [key, def] of Object.entries(app[section])) {
      const keyProblem = checkResourceName(key, what);
      if (keyProblem) issues.error("invalid", [section, key], keyProblem, "key");
      const name = "name" in def ? def.name : undefined;
      const nameProblem = name === undefined ? undefined : checkResourceName(name, what);
      if (nameProblem) issues.error("invalid", [section, key, "name"], nameProblem);
    }
  }
}

function checkReferences(app: ComposeApp, name: string, service: ComposeService, issues: IssueList): void {
  const base: PathSegment[] = ["services", name];
  const volumes = Object.keys(app.volumes);
  service.volumes.forEach((mount, index) => {
    const at = [...base, "volumes", index];
    if (mount.type === "volume" && mount.source !== undefined && !volumes.includes(mount.source)) {
      issues.error(
        "reference",
        at,
        `volume "${mount.source}" is not declared under the top-level volumes section${hint(mount.source, volumes)}`,
      );
    }
    if (mount.type === "bind" && mount.selinux) {
      issues.warn("unsupported", at, `SELinux relabelling ("${mount.selinux}") is not available for Swarm mounts and is ignored`);
    }
  });
  const networks = Object.keys(app.networks);
  for (const network of Object.keys(service.networks ?? {})) {
    if (network !== "default" && !networks.includes(network)) {
      issues.error(
        "reference",
        [...base, "networks", network],
        `network "${network}" is not declared under the top-level networks section${hint(network, networks)}`,
        "key",
      );
    }
  }
  for (const section of ["secrets", "configs"] as const) {
    const declared = Object.keys(app[section]);
    service[section].forEach((ref, index) => {
      if (!declared.includes(ref.source)) {
        issues.error(
          "reference",
          [...base, section, index],
          `${section.slice(0, -1)} "${ref.source}" is not declared under the top-level ${section} section${hint(ref.source, declared)}`,
        );
      }
    });
  }
}

function checkDeploy(name: string, service: ComposeService, issues: IssueList): void {
  const base: PathSegment[] = ["services", name, "deploy"];
  const { deploy } = service;
  if (deploy.mode.startsWith("global") && deploy.replicas !== undefined) {
    issues.error(
      "conflict",
      [...base, "replicas"],
      `replicas cannot be used with mode ${deploy.mode}: a global service runs one task per node`,
    );
  }
  if (deploy.mode.endsWith("-job") && deploy.restart_policy?.condition === "any") {
    issues.error(
      "conflict",
      [...base, "restart_policy", "condition"],
      'jobs run to completion: use restart condition "none" or "on-failure"',
    );
  }
  const { limits, reservations } = deploy.resources;
  if (limits.memory !== undefined && limits.memory > 0 && limits.memory < MIN_MEMORY_LIMIT) {
    issues.error("invalid", [...base, "resources", "limits", "memory"], 'a memory limit must be at least 6 MiB ("6m")');
  }
  if (limits.memory !== undefined && reservations.memory !== undefined && reservations.memory > limits.memory) {
    issues.error("conflict", [...base, "resources", "reservations", "memory"], "the memory reservation is above the memory limit");
  }
  if (limits.cpus !== undefined && reservations.cpus !== undefined && reservations.cpus > limits.cpus) {
    issues.error("conflict", [...base, "resources", "reservations", "cpus"], "the CPU reservation is above the CPU limit");
  }
  const published = service.ports.filter((port) => port.published !== undefined);
  if (published.length > 0 && deploy.update_config?.order === "start-first") {
    issues.warn(
      "conflict",
      [...base, "update_config", "order"],
      "start-first with published host ports: a new task can only start on a node where the port is free, so updates need spare nodes",
    );
  }
}

function checkPorts(app: ComposeApp, issues: IssueList): void {
  const owners = new Map<string, string>();
  for (const [name, service] of Object.entries(app.services)) {
    const seen = new Set<string>();
    for (const port of service.ports) {
      if (port.published === undefined) continue;
      const key = `${port.published}/${port.protocol}`;
      if (seen.has(key)) issues.error("conflict", ["services", name, "ports"], `port ${key} is published twice by this service`);
      seen.add(key);
      const owner = owners.get(key);
      if (owner && owner !== name) {
        issues.warn(
          "conflict",
          ["services", name, "ports"],
          `port ${key} is also published by service "${owner}"; in host mode their tasks can never share a node`,
        );
      }
      owners.set(key, name);
    }
  }
}

/**
 * Type-checks the normalised document with zod (every problem located) and then checks what a
 * schema cannot: names, references between sections and contradictory settings.
 */
export function validate(options: ValidateOptions): ValidateResult {
  const issues = new IssueList(options.locate);
  const parsed = composeSchema.safeParse(options.doc, { reportInput: true });
  if (!parsed.success) {
    reportZodIssues(parsed.error, issues);
    return { issues: issues.items };
  }
  const app: ComposeApp = { ...parsed.data, format: options.format };
  checkNames(app, issues);
  for (const [name, service] of Object.entries(app.services)) {
    checkReferences(app, name, service, issues);
    checkDeploy(name, service, issues);
  }
  checkPorts(app, issues);
  return { app, issues: issues.items };
}
