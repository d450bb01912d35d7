"use client";

import { Eraser } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import {
  useDeleteRetentionRule,
  useRetentionPreview,
  useRetentionRules,
  useRunRetention,
  useUpdateRetentionRule,
} from "@/lib/query/use-registry";
import type { RetentionRule } from "@/lib/schemas/registry";
import { RetentionPreviewView } from "./retention-preview";
import { RetentionRuleForm } from "./retention-rule-form";

const describe = (r: RetentionRule) =>
  [r.keepLast != null && `keep the last ${r.keepLast}`, r.keepDays != null && `keep tags newer than ${r.keepDays} days`]
    .filter(Boolean)
    .join(" or ");

export function RetentionRules() {
  const manage = useCan("registry.manage");
  const update = useUpdateRetentionRule();
  const remove = useDeleteRetentionRule();
  const run = useRunRetention();
  const [adding, setAdding] = useState(false);
  const [showPlan, setShowPlan] = useState(false);
  const plan = useRetentionPreview("", showPlan);
  return (
    <div className="space-y-6">
      <ListCard
        title="Retention rules"
        description="In repositories a rule matches, tags no enabled rule keeps are deleted when rules run (hourly, or now). A tag's age is when it was last pushed."
        actions={
          manage && (
            <>
              <Button variant="secondary" onClick={() => setShowPlan((v) => !v)}>
                {showPlan ? "Hide" : "Preview next run"}
              </Button>
              <Button variant="secondary" busy={run.isPending} onClick={() => run.mutate()}>
                Run now
              </Button>
              <Button onClick={() => setAdding((v) => !v)}>{adding ? "Close" : "Add rule"}</Button>
            </>
          )
        }
        query={useRetentionRules()}
        notice={
          <>
            {run.isSuccess && (
              <div className="px-5 pt-4">
                <Alert tone="success">Queued; results appear on the rules below.</Alert>
              </div>
            )}
            {adding && (
              <div className="border-b border-slate-200 p-5 dark:border-slate-800">
                <RetentionRuleForm onSaved={() => setAdding(false)} />
              </div>
            )}
            {showPlan && (
              <div className="border-b border-slate-200 p-5 dark:border-slate-800">
                {plan.data ? <RetentionPreviewView preview={plan.data} /> : <p className="text-sm text-slate-500">Computing…</p>}
              </div>
            )}
          </>
        }
        empty={
          adding
            ? null
            : { icon: <Eraser className="size-8" aria-hidden />, title: "No retention rules", body: "Without rules, every tag is kept." }
        }
        columns={["Repositories", "Keeps", "State", "Last run"]}
        rows={(rules) =>
          rules.map((r) => (
            <Tr key={r.id} data-testid={`rule-${r.repository}`}>
              <Td>
                <code className="text-xs">{r.repository}</code>
              </Td>
              <Td>{describe(r)}</Td>
              <Td>{r.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</Td>
              <Td className="text-slate-500">
                {r.lastRunAt ? (
                  <>
                    <TimeAgo iso={r.lastRunAt} /> · {r.lastResult?.deleted ?? 0} deleted
                    {r.lastResult?.errors.length ? `, ${r.lastResult.errors.length} errors` : ""}
                  </>
                ) : (
                  "never"
                )}
              </Td>
              <Td className="space-x-1 text-right">
                {manage && (
                  <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: r.id, input: { enabled: !r.enabled } })}>
                    {r.enabled ? "Disable" : "Enable"}
                  </Button>
                )}
                {manage && (
                  <Button size="sm" variant="ghost" onClick={() => remove.mutate(r.id)}>
                    Delete
                  </Button>
                )}
              </Td>
            </Tr>
          ))
        }
      />
    </div>
  );
}
