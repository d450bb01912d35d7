import { loadCompose, type ClusterLoadBalancer, type Issue, type LoadComposeResult } from "@/lib/compose";
import { envValue } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { WorkloadPolicy } from "@/lib/protocol/workload-policy";

export type CompiledTemplate = Extract<LoadComposeResult, { ok: true }>;

const toDetail = (i: Issue) => ({ severity: i.severity, code: i.code, path: i.path, line: i.line, column: i.column, message: i.message });

export type CompileTemplateOptions = {
  compose: string;
  env: Record<string, string>;
  appName: string;
  orgSlug: string;
  /** The target cluster's effective workload policy (getWorkloadPolicy); the compiled template carries it to the agents. */
  policy: WorkloadPolicy;
  /** The target cluster's load balancers: given, bindings to others and routing without a routing balancer are refused. */
  loadBalancers?: ClusterLoadBalancer[];
};

/**
 * Compiles a compose template for an application, or refuses it with every problem located
 * (path, line, column), workload-policy refusals included. Nothing is stored or deployed when this throws.
 */
export function compileTemplate({ compose, env, appName, orgSlug, policy, loadBalancers }: CompileTemplateOptions): CompiledTemplate {
  const result = loadCompose({
    text: compose,
    env,
    appName,
    orgSlug,
    defaults: { policy, loadBalancers, logTtlMaxDays: envValue("LOG_TTL_MAX_DAYS") },
  });
  if (!result.ok) {
    const first = result.errors[0];
    const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ""})` : "";
    const summary = first ? `${first.path ? `${first.path}: ` : ""}${first.message}${where}` : "the compose file is not valid";
    throw new AppError(
      "INVALID_INPUT",
      `The compose file has ${result.errors.length} problem${result.errors.length === 1 ? "" : "s"}: ${summary}`,
      [...result.errors, ...result.warnings].map((i) => ({ ...toDetail(i), path: i.path ? `compose.${i.path}` : "compose" })),
    );
  }
  return result;
}

export const issueView = toDetail;
