"use client";

import { BellPlus, Trash2 } from "lucide-react";
import { useState } from "react";
import { RuleSwitch } from "@/components/autoscaling/rule-switch";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useCan } from "@/lib/query/use-account";
import { useAlertRules, useDeleteAlertRule, useUpdateAlertRule } from "@/lib/query/use-alerts";
import { ALERT_KIND_INFO, type AlertRuleView } from "@/lib/schemas/alerts";
import { conditionText, SEVERITY } from "./alert-format";
import { RuleDialog } from "./rule-dialog";
import { RuleScopeText } from "./rule-scope-text";

function RuleState({ rule }: { rule: AlertRuleView }) {
  if (!rule.enabled) return <Badge>off</Badge>;
  if (rule.firing > 0) return <Badge tone="red">{rule.firing} firing</Badge>;
  return <Badge tone="green">ok</Badge>;
}

/** Every rule: what it watches, where, how bad, who hears of it; on/off, Edit and Delete. */
export function AlertRules() {
  const { data, error } = useAlertRules();
  const manage = useCan("alerts.manage");
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  const [editing, setEditing] = useState<AlertRuleView | "new" | null>(null);
  const [deleting, setDeleting] = useState<AlertRuleView | null>(null);
  const rules = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Alert rules"
        description="Metric rules are evaluated by Prometheus, event rules by Wharf."
        actions={manage && <Button onClick={() => setEditing("new")}>New rule</Button>}
      />
      {error && (
        <div className="p-5">
          <Alert title="The rules could not be loaded">{error.message}</Alert>
        </div>
      )}
      {!data && !error && (
        <p className="p-5 text-sm text-slate-500" role="status">
          Loading…
        </p>
      )}
      {data && !rules.length && (
        <EmptyState
          icon={<BellPlus className="size-8" aria-hidden />}
          title="No alert rules yet"
          action={manage && <Button onClick={() => setEditing("new")}>Create a rule</Button>}
        >
          A rule watches a metric (a service&apos;s CPU above 80 % for 5 minutes, a node&apos;s memory, restarts, a load balancer&apos;s
          5xx) or an event (a node unreachable, a failed deployment) and notifies its channels when it fires and when it resolves.
        </EmptyState>
      )}
      {rules.length > 0 && (
        <Table>
          <thead>
            <tr>
              <Th>Rule</Th>
              <Th>Scope</Th>
              <Th>Severity</Th>
              <Th>Notifies</Th>
              <Th>State</Th>
              <Th>Enabled</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => {
              const switching = update.isPending && update.variables?.ruleId === rule.id;
              return (
                <Tr key={rule.id} data-testid={`alert-rule-${rule.name}`}>
                  <Td className="whitespace-normal">
                    <span className="font-medium">{rule.name}</span>
                    <span className="block text-xs text-slate-500" data-testid="rule-condition">
                      {ALERT_KIND_INFO[rule.kind].label}
                      {conditionText(rule) && <>: {conditionText(rule)}</>}
                    </span>
                  </Td>
                  <Td className="whitespace-normal text-sm">
                    <RuleScopeText rule={rule} />
                  </Td>
                  <Td>
                    <Badge tone={SEVERITY[rule.severity].tone}>{SEVERITY[rule.severity].label}</Badge>
                  </Td>
                  <Td className="whitespace-normal text-sm">
                    {rule.channels.length ? (
                      rule.channels.map((c) => c.name).join(", ")
                    ) : (
                      <span className="text-xs text-slate-500">console only</span>
                    )}
                  </Td>
                  <Td data-testid="rule-state">
                    <RuleState rule={rule} />
                  </Td>
                  <Td>
                    <RuleSwitch
                      checked={rule.enabled}
                      label={`Alert rule ${rule.name}`}
                      disabled={!manage}
                      busy={switching}
                      onChange={(enabled) => update.mutate({ ruleId: rule.id, input: { enabled } })}
                    />
                  </Td>
                  <Td>
                    {manage && (
                      <div className="flex justify-end gap-1">
                        <Button size="sm" variant="secondary" aria-label={`Edit ${rule.name}`} onClick={() => setEditing(rule)}>
                          Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          className="px-1.5"
                          aria-label={`Delete ${rule.name}`}
                          title="Delete"
                          onClick={() => setDeleting(rule)}
                        >
                          <Trash2 className="size-4" aria-hidden />
                        </Button>
                      </div>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {update.error && !update.isPending && (
        <div className="px-5 pb-5">
          <Alert>{update.error.message}</Alert>
        </div>
      )}
      <RuleDialog rule={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete alert rule"
        confirmLabel="Delete rule"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => (remove.reset(), setDeleting(null))}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          Delete <strong>{deleting?.name}</strong> with its history and silences?{" "}
          {deleting && deleting.firing > 0 ? `${deleting.firing} of its alerts ${deleting.firing === 1 ? "is" : "are"} firing now.` : ""}
        </p>
      </ConfirmDialog>
    </Card>
  );
}
