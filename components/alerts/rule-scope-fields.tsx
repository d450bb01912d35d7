"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
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

function NodeSelect({
  clusterId,
  value,
  error,
  onChange,
}: {
  clusterId: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const { data } = useNodes(clusterId);
  return (
    <Field label="Node" error={error}>
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All nodes</option>
        {(data?.items ?? [])
          .filter((n) => !n.removedAt)
          .map((n) => (
            <option key={n.id} value={n.id}>
              {n.hostname}
            </option>
          ))}
      </Select>
    </Field>
  );
}

function LoadBalancerSelect({
  clusterId,
  value,
  error,
  onChange,
}: {
  clusterId: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const { data } = useLoadBalancers(clusterId);
  return (
    <Field label="Load balancer" error={error}>
      <Select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All load balancers</option>
        {(data?.items ?? []).map((lb) => (
          <option key={lb.id} value={lb.id}>
            {lb.name}
          </option>
        ))}
      </Select>
    </Field>
  );
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
        <Field label="Cluster" error={errors.clusterId}>
          <Select
            value={scope.clusterId}
            onChange={(e) =>
              set({
                clusterId: e.target.value,
                nodeId: "",
                loadBalancerId: "",
                ...(e.target.value && app && app.clusterId !== e.target.value ? { applicationId: "", service: "" } : {}),
              })
            }
          >
            <option value="">All clusters</option>
            {(clusters.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {allowed.includes("nodeId") &&
        (scope.clusterId ? (
          <NodeSelect clusterId={scope.clusterId} value={scope.nodeId} error={errors.nodeId} onChange={(nodeId) => set({ nodeId })} />
        ) : (
          <Field label="Node" hint="Pick a cluster to choose one of its nodes.">
            <Select disabled value="">
              <option value="">All nodes</option>
            </Select>
          </Field>
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
          <Field label="Load balancer" hint="Pick a cluster to choose one of its load balancers.">
            <Select disabled value="">
              <option value="">All load balancers</option>
            </Select>
          </Field>
        ))}
      {allowed.includes("applicationId") && (
        <Field label="Application" error={errors.applicationId}>
          <Select value={scope.applicationId} onChange={(e) => set({ applicationId: e.target.value, service: "" })}>
            <option value="">All applications</option>
            {apps.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {allowed.includes("service") && (
        <Field label="Service" error={errors.service} hint={app ? undefined : "Pick an application to choose one of its services."}>
          <Select value={scope.service} disabled={!app} onChange={(e) => set({ service: e.target.value })}>
            <option value="">All services</option>
            {(app?.services ?? []).map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </div>
  );
}
