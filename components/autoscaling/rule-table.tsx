"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { cn } from "@/lib/cn";
import { useUpdateAutoscalingRule } from "@/lib/query/use-autoscaling";
import type { AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { metricValue } from "./rule-annotations";
import { METRIC_TITLES, position, thresholdText, timingText, watched } from "./rule-format";
import { RuleSwitch } from "./rule-switch";

const POSITION_TONE = {
  above: "text-red-600 dark:text-red-400",
  below: "text-brand-600 dark:text-brand-100",
  within: "",
  unknown: "text-slate-400",
} as const;

function CurrentValues({ rule }: { rule: AutoscalingRuleView }) {
  const metrics = watched(rule);
  if (!metrics.length) return <span className="text-xs text-slate-500">no threshold: never scales</span>;
  return (
    <ul className="space-y-0.5">
      {metrics.map((m) => (
        <li key={m} className="text-sm" data-testid={`current-${m}`}>
          <span className="font-medium">{METRIC_TITLES[m]}</span>{" "}
          <span className={cn("tabular-nums", POSITION_TONE[position(rule, m)])}>{metricValue(m, rule.current?.[m])}</span>
          <span className="block text-xs text-slate-500">{thresholdText(rule, m)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Where the evaluator is: counting breaches toward a decision, or quiet. */
function Progress({ rule }: { rule: AutoscalingRuleView }) {
  if (!rule.enabled) return <span className="text-xs text-slate-500">off</span>;
  if (!rule.lastEvaluatedAt) return <span className="text-xs text-slate-500">not evaluated yet</span>;
  return (
    <span className="text-xs text-slate-500">
      {rule.breachDirection ? `${rule.breachCount}/${rule.breaches} checks toward scale-${rule.breachDirection}` : "steady"} ·{" "}
      <TimeAgo iso={rule.lastEvaluatedAt} />
    </span>
  );
}

/** Every rule of the organisation: what it watches and sees now, replicas within bounds, where it comes from, on/off and Edit. */
export function RuleTable({
  rules,
  manage,
  onEdit,
}: {
  rules: AutoscalingRuleView[];
  manage: boolean;
  onEdit: (rule: AutoscalingRuleView) => void;
}) {
  const update = useUpdateAutoscalingRule();
  return (
    <Table>
      <TableHead columns={["Service", "Now vs thresholds", "Replicas", "Timing", "Source", "Enabled"]} actionsLabel="Actions" />
      <tbody>
        {rules.map((rule) => {
          const name = `${rule.applicationName}/${rule.service}`;
          const switching = update.isPending && update.variables?.ruleId === rule.id;
          return (
            <Tr key={rule.id} data-testid={`rule-${name}`}>
              <Td>
                <Link href={`/applications/${rule.applicationId}`} className="font-medium text-brand-600 hover:underline">
                  {rule.applicationName}
                </Link>
                <span className="text-slate-500"> / {rule.service}</span>
                <div>
                  <Progress rule={rule} />
                </div>
              </Td>
              <Td className="whitespace-normal">
                <CurrentValues rule={rule} />
              </Td>
              <Td className="text-sm tabular-nums" data-testid="replicas">
                <span className="font-medium">{rule.replicas ?? "—"}</span>{" "}
                <span className="text-xs text-slate-500">
                  ({rule.minInstances}–{rule.maxInstances}, step {rule.step})
                </span>
              </Td>
              <Td className="whitespace-normal text-xs text-slate-500">{timingText(rule)}</Td>
              <Td>
                <Badge tone={rule.source === "console" ? "blue" : "gray"}>{rule.source === "console" ? "edited here" : "labels"}</Badge>
              </Td>
              <Td>
                <RuleSwitch
                  checked={rule.enabled}
                  label={`Autoscaling of ${name}`}
                  disabled={!manage}
                  busy={switching}
                  onChange={(enabled) => update.mutate({ ruleId: rule.id, input: { enabled } })}
                />
                {update.error && update.variables?.ruleId === rule.id && (
                  <p className="mt-1 text-xs text-red-600">{update.error.message}</p>
                )}
              </Td>
              <Td>
                {manage && (
                  <Button size="sm" variant="secondary" aria-label={`Edit the rule of ${name}`} onClick={() => onEdit(rule)}>
                    Edit
                  </Button>
                )}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
