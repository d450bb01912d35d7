"use client";

import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { TimeAgo } from "@/components/ui/time-ago";
import { useAutoscalingDecisions } from "@/lib/query/use-autoscaling";
import type { AutoscalingDecisionView } from "@/lib/schemas/autoscaling";

const ACTION: Record<AutoscalingDecisionView["action"], { label: string; tone: "green" | "blue" | "gray" }> = {
  "scale-out": { label: "Scaled out", tone: "green" },
  "scale-in": { label: "Scaled in", tone: "blue" },
  suppressed: { label: "Held back", tone: "gray" },
};

/** The organisation's latest decisions, scaled or held back, each with the evaluator's explanation. */
export function RecentDecisions({ names }: { names: Map<string, string> }) {
  const { data, error } = useAutoscalingDecisions({}, { limit: 50 });
  const items = data?.items ?? [];
  return (
    <Card data-testid="recent-decisions">
      <CardHeader
        title="Recent decisions"
        description="Every scaling and every one held back (cooldown, at a bound, metric missing), with what the evaluator saw."
      />
      <CardError error={error} />
      {data && items.length === 0 && (
        <p className="p-5 text-sm text-slate-500">
          No decision yet: a rule decides once a threshold is crossed for its number of checks in a row.
        </p>
      )}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((d) => (
          <li
            key={d.id}
            className="flex flex-wrap items-start gap-x-3 gap-y-1 px-5 py-3 text-sm"
            data-testid="decision"
            data-action={d.action}
          >
            <Badge tone={ACTION[d.action].tone}>{ACTION[d.action].label}</Badge>
            <span className="font-medium">{names.get(d.ruleId) ?? d.service}</span>
            {d.action !== "suppressed" && (
              <span className="tabular-nums">
                {d.fromReplicas} → {d.toReplicas}
              </span>
            )}
            <span className="ml-auto text-xs text-slate-500">
              <TimeAgo iso={d.at} />
              {d.repeats > 1 && (
                <>
                  {" "}
                  · ×{d.repeats}, last <TimeAgo iso={d.lastAt} />
                </>
              )}
            </span>
            <p className="w-full text-slate-600 dark:text-slate-300">{d.explanation}</p>
          </li>
        ))}
      </ol>
    </Card>
  );
}
