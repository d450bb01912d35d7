"use client";

import { ShieldCheck, ShieldAlert } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useCan } from "@/lib/query/use-account";
import { POLICY_RULES, relaxedRules, type Cluster, type PolicyRule, type WorkloadPolicy } from "@/lib/schemas/clusters";
import { WorkloadPolicyDialog } from "./workload-policy-dialog";

/** How one rule reads on the card: lists show their entries, booleans allowed / not allowed. */
function ruleValue(policy: WorkloadPolicy, rule: PolicyRule): { text: string; relaxed: boolean } {
  const value = policy[rule];
  if (Array.isArray(value)) return value.length > 0 ? { text: value.join(", "), relaxed: true } : { text: "None", relaxed: false };
  return value ? { text: "Allowed", relaxed: true } : { text: "Not allowed", relaxed: false };
}

function Summary({ cluster }: { cluster: Cluster }) {
  const relaxed = relaxedRules(cluster.workloadPolicy);
  if (cluster.controlPlaneHost) return <Badge tone="blue">Control-plane host — always strict</Badge>;
  if (relaxed.length === 0) return <Badge tone="green">Strict</Badge>;
  return (
    <Badge tone="yellow">
      Relaxed: {relaxed.length} {relaxed.length === 1 ? "rule" : "rules"}
    </Badge>
  );
}

/**
 * What workloads may do to this cluster's machines. Owners edit it (other roles see why they
 * cannot); the control-plane host's cluster is labelled as such and never editable.
 */
export function WorkloadPolicyCard({ cluster }: { cluster: Cluster }) {
  const owner = useCan("clusters.policy");
  const [editing, setEditing] = useState(false);
  const policy = cluster.workloadPolicy;
  const strict = relaxedRules(policy).length === 0;
  // Short, so the action stays beside the title; the rules below say the rest.
  const description = cluster.controlPlaneHost
    ? "This machine runs Wharf itself: its workloads can never reach the host."
    : strict
      ? "Workloads cannot reach the machines; compose files that ask are refused."
      : "Some host access is allowed on this cluster's machines. Developers who deploy here can use it.";
  const action = cluster.controlPlaneHost ? undefined : owner ? (
    <Button variant="secondary" onClick={() => setEditing(true)}>
      Edit policy
    </Button>
  ) : (
    <span className="text-xs text-slate-500">Only owners can change it</span>
  );
  return (
    <Card data-testid="workload-policy">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            {strict ? (
              <ShieldCheck className="size-4 text-emerald-600" aria-hidden />
            ) : (
              <ShieldAlert className="size-4 text-amber-600" aria-hidden />
            )}
            Workload policy <Summary cluster={cluster} />
          </span>
        }
        description={description}
        actions={action}
      />
      <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-2">
        {POLICY_RULES.map(({ rule, label, description: hint }) => {
          const { text, relaxed } = ruleValue(policy, rule);
          return (
            <div key={rule} data-testid={`policy-rule-${rule}`}>
              <dt className="text-xs uppercase tracking-wide text-slate-500" title={hint}>
                {label}
              </dt>
              <dd className={relaxed ? "mt-0.5 font-medium text-amber-700 dark:text-amber-300" : "mt-0.5"}>{text}</dd>
            </div>
          );
        })}
      </dl>
      {/* mounted per edit, so the form starts from the policy as it is now */}
      {owner && !cluster.controlPlaneHost && editing && <WorkloadPolicyDialog cluster={cluster} open onClose={() => setEditing(false)} />}
    </Card>
  );
}
