"use client";

import type { ComponentProps } from "react";
import { ChoiceSelect } from "@/components/ui/choice-select";
import { Field } from "@/components/ui/field";
import { useApplications } from "@/lib/query/use-applications";
import { useClusters, useNodes } from "@/lib/query/use-clusters";
import { useLoadBalancers } from "@/lib/query/use-load-balancers";
import { ALERT_KIND_INFO, type AlertRuleKind } from "@/lib/schemas/alerts";
import type { ScopeField } from "./rule-form";

type Props = {
  kind: AlertRuleKind;
  scope: Record<ScopeField, string>;
  errors: Record<string, string>;
  onChange: (scope: Record<ScopeField, string>) => void;
};

/** One scope field: a labelled select whose empty choice means "all" (every node, every service…). */
function ScopeSelect({
  label,
  error,
  hint,
  ...select
}: { label: string; error?: string; hint?: string } & ComponentProps<typeof ChoiceSelect>) {
  return (
    <Field label={label} error={error} hint={hint}>
      <ChoiceSelect {...select} />
    </Field>
  );
}

/** A scope field listing one cluster's items, loaded once a cluster is picked. */
type ClusterItemSelectProps = { clusterId: string; value: string; error?: string; onChange: (v: string) => void };

function NodeSelect({ clusterId, ...field }: ClusterItemSelectProps) {
  const { data } = useNodes(clusterId);
  const nodes = (data?.items ?? []).filter((n) => !n.removedAt);
  return <ScopeSelect label="Node" none="All nodes" choices={nodes.map((n) => ({ value: n.id, label: n.hostname }))} {...field} />;
}

function LoadBalancerSelect({ clusterId, ...field }: ClusterItemSelectProps) {
  const { data } = useLoadBalancers(clusterId);
  const options = (data?.items ?? []).map((lb) => ({ value: lb.id, label: lb.name }));
  return <ScopeSelect label="Load balancer" none="All load balancers" choices={options} {...field} />;
}

/** Narrows a rule to a cluster, node, application, service or load balancer, as its kind allows; empty means all. */
export function RuleScopeFields({ kind, scope, errors, onChange }: Props) {
  const allowed = ALERT_KIND_INFO[kind].scope;
  const clusters = useClusters();
  const applications = useApplications();
  const set = (patch: Partial<Record<ScopeField, string>>) => onChange({ ...scope, ...patch });
  if (!allowed.length) return <p className="text-xs text-slate-500">This rule watches the whole organisation.</p>;
  const apps = (applications.data?.items ?? []).filter((a) => !scope.clusterId || a.clusterId === scope.clusterId);
  const app = apps.find((a) => a.id === scope.applicationId);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {allowed.includes("clusterId") && (
        <ScopeSelect
          label="Cluster"
          none="All clusters"
          choices={(clusters.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={scope.clusterId}
          error={errors.clusterId}
          onChange={(clusterId) =>
            set({
              clusterId,
              nodeId: "",
              loadBalancerId: "",
              ...(clusterId && app && app.clusterId !== clusterId ? { applicationId: "", service: "" } : {}),
            })
          }
        />
      )}
      {allowed.includes("nodeId") &&
        (scope.clusterId ? (
          <NodeSelect clusterId={scope.clusterId} value={scope.nodeId} error={errors.nodeId} onChange={(nodeId) => set({ nodeId })} />
        ) : (
          <ScopeSelect label="Node" none="All nodes" choices={[]} value="" disabled hint="Pick a cluster to choose one of its nodes." />
        ))}
      {allowed.includes("loadBalancerId") &&
        (scope.clusterId ? (
          <LoadBalancerSelect
            clusterId={scope.clusterId}
            value={scope.loadBalancerId}
            error={errors.loadBalancerId}
            onChange={(loadBalancerId) => set({ loadBalancerId })}
          />
        ) : (
          <ScopeSelect
            label="Load balancer"
            none="All load balancers"
            choices={[]}
            value=""
            disabled
            hint="Pick a cluster to choose one of its load balancers."
          />
        ))}
      {allowed.includes("applicationId") && (
        <ScopeSelect
          label="Application"
          none="All applications"
          choices={apps.map((a) => ({ value: a.id, label: a.name }))}
          value={scope.applicationId}
          error={errors.applicationId}
          onChange={(applicationId) => set({ applicationId, service: "" })}
        />
      )}
      {allowed.includes("service") && (
        <ScopeSelect
          label="Service"
          none="All services"
          choices={(app?.services ?? []).map((s) => ({ value: s.name, label: s.name }))}
          value={scope.service}
          error={errors.service}
          hint={app ? undefined : "Pick an application to choose one of its services."}
          disabled={!app}
          onChange={(service) => set({ service })}
        />
      )}
    </div>
  );
}
