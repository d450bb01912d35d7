import { IssueList } from "./issue-list";
import type { NetworkCreateSpec, SecretCreateSpec, ServiceSpec, VolumeCreateSpec } from "./swarm-types";
import type { Issue, Locate } from "./types";

// Caps on what a compose file compiles to (issue 9, finding 5e). YAML merge keys and aliases can
// repeat one large block into every service, so a 1 MiB file may still compile to far more. One
// service spec travels to the agent in a single command and is stored by the Swarm managers'
// Raft log (swarmkit refuses requests above ~1.5 MiB), so it stays under 1 MiB of JSON; all
// specs of an application together under 8 MiB.
export const MAX_SERVICE_SPEC_CHARS = 1024 * 1024;
export const MAX_COMPILED_CHARS = 8 * 1024 * 1024;

export interface CompiledSizeInput {
  services: { name: string; spec: ServiceSpec }[];
  networks: NetworkCreateSpec[];
  volumes: VolumeCreateSpec[];
  secrets: SecretCreateSpec[];
  configs: SecretCreateSpec[];
  locate?: Locate;
  maxServiceChars?: number;
  maxTotalChars?: number;
}

const size = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

/** "limit" errors located at the service (or section) that makes the compiled result too large. */
export function checkCompiledSize(input: CompiledSizeInput): Issue[] {
  const issues = new IssueList(input.locate);
  const maxService = input.maxServiceChars ?? MAX_SERVICE_SPEC_CHARS;
  const maxTotal = input.maxTotalChars ?? MAX_COMPILED_CHARS;
  const sized = input.services.map((service) => ({ name: service.name, chars: size(service.spec) }));
  for (const service of sized) {
    if (service.chars > maxService) {
      issues.error(
        "limit",
        ["services", service.name],
        `the service compiles to ${service.chars} characters of spec, more than the ${maxService} limit`,
        "key",
      );
    }
  }
  if (issues.hasErrors) return issues.items;
  const total =
    sized.reduce((sum, s) => sum + s.chars, 0) + size(input.networks) + size(input.volumes) + size(input.secrets) + size(input.configs);
  if (total > maxTotal) {
    // point at the largest service: that is where shrinking helps most
    const largest = [...sized].sort((a, b) => b.chars - a.chars)[0];
    issues.error(
      "limit",
      largest ? ["services", largest.name] : [],
      `the application compiles to ${total} characters of specs, more than the ${maxTotal} limit`,
      "key",
    );
  }
  return issues.items;
}
