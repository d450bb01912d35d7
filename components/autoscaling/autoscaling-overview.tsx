"use client";

import { Gauge } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { useCan } from "@/lib/query/use-account";
import { useAutoscalingRules } from "@/lib/query/use-autoscaling";
import type { AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { EditRuleDialog } from "./edit-rule-dialog";
import { RecentDecisions } from "./recent-decisions";
import { RuleTable } from "./rule-table";

const LABELS_EXAMPLE = `services:
  web:
    image: registry.example.com/shop/web:1
    deploy:
      replicas: 2
    labels:
      aliyun.auto_scaling.max_cpu: 70
      aliyun.auto_scaling.min_cpu: 20
      aliyun.auto_scaling.step: 2
      aliyun.auto_scaling.min_instances: 2
      aliyun.auto_scaling.max_instances: 6
      wharf.autoscaling.cooldown: 60s`;

function NoRules() {
  return (
    <Card>
      <EmptyState icon={<Gauge className="size-8" aria-hidden />} title="No autoscaling rules yet">
        <p>
          A service gets a rule when its template declares <code className="text-xs">aliyun.auto_scaling.*</code> (or{" "}
          <code className="text-xs">wharf.autoscaling.*</code>) labels. Deploy a version with, for example:
        </p>
        <pre
          className="mt-3 overflow-x-auto rounded-md bg-slate-100 p-3 text-left text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-100"
          data-testid="labels-example"
        >
          {LABELS_EXAMPLE}
        </pre>
        <p className="mt-3">
          It scales out by 2 when the average CPU stays above 70 %, back in below 20 %, between 2 and 6 instances. The rule then appears
          here, where it can be edited or turned off.
        </p>
      </EmptyState>
    </Card>
  );
}

/** The Autoscaling page: every rule of the organisation, its Edit dialog and the recent decisions. */
export function AutoscalingOverview() {
  const rules = useAutoscalingRules();
  const manage = useCan("apps.manage");
  const [editing, setEditing] = useState<AutoscalingRuleView | null>(null);
  const items = rules.data?.items ?? [];
  const names = new Map(items.map((r) => [r.id, `${r.applicationName}/${r.service}`]));
  if (rules.error) return <Alert title="The rules could not be loaded">{rules.error.message}</Alert>;
  if (!rules.data) return <Loading />;
  if (!items.length) return <NoRules />;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Rules"
          description="Thresholds are averages over a service's containers; values in red are above the scale-out threshold, in blue below the scale-in one."
        />
        <RuleTable rules={items} manage={manage} onEdit={setEditing} />
      </Card>
      <RecentDecisions names={names} />
      <EditRuleDialog rule={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
