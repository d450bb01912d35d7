"use client";

import { BellPlus, Trash2 } from "lucide-react";
import { useState } from "react";
import { RuleSwitch } from "@/components/autoscaling/rule-switch";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
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
  const manage = useCan("alerts.manage");
  const update = useUpdateAlertRule();
  const deleting = useRemoval<AlertRuleView>(useDeleteAlertRule());
  const [editing, setEditing] = useState<AlertRuleView | "new" | null>(null);
  return (
    <ListCard
      title="Alert rules"
      description="Metric rules are evaluated by Prometheus, event rules by Wharf."
      actions={manage && <Button onClick={() => setEditing("new")}>New rule</Button>}
      query={useAlertRules()}
      loadError="The rules could not be loaded"
      empty={{
        icon: <BellPlus className="size-8" aria-hidden />,
        title: "No alert rules yet",
        action: manage && <Button onClick={() => setEditing("new")}>Create a rule</Button>,
        body: (
          <>
            A rule watches a metric (a service&apos;s CPU above 80 % for 5 minutes, a node&apos;s memory, restarts, a load balancer&apos;s
            5xx) or an event (a node unreachable, a failed deployment) and notifies its channels when it fires and when it resolves.
          </>
        ),
      }}
      columns={["Rule", "Scope", "Severity", "Notifies", "State", "Enabled"]}
      rows={(rules) =>
        rules.map((rule) => {
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
                      onClick={() => deleting.ask(rule)}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </div>
                )}
              </Td>
            </Tr>
          );
        })
      }
    >
      {!update.isPending && <CardError error={update.error} placement="below" />}
      <RuleDialog rule={editing} onClose={() => setEditing(null)} />
      <RemovalDialog removal={deleting} title="Delete alert rule" confirmLabel="Delete rule">
        {(rule) => (
          <p>
            Delete <strong>{rule.name}</strong> with its history and silences?{" "}
            {rule.firing > 0 ? `${rule.firing} of its alerts ${rule.firing === 1 ? "is" : "are"} firing now.` : ""}
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
