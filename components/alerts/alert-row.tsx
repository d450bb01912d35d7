"use client";

import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { cn } from "@/lib/cn";
import { useAlertRules } from "@/lib/query/use-alerts";
import { useClusters } from "@/lib/query/use-clusters";
import type { AlertView } from "@/lib/schemas/alerts";
import { duration, SEVERITY, subjectLabels } from "./alert-format";

const lasted = (a: AlertView) => (a.endsAt ? duration((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 1000) : null);

/** One alert: state and severity, what happened in words, its subject, when, and whether notifications went out. */
export function AlertRow({
  alert,
  onSilence,
  focused = false,
}: {
  alert: AlertView;
  onSilence?: (alert: AlertView) => void;
  focused?: boolean;
}) {
  const ref = useRef<HTMLLIElement>(null);
  // The alert a notification linked to: brought into view once.
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "center" });
  }, [focused]);
  const clusters = useClusters();
  // A rule without channels shows its alerts here only: "notified" would be news to nobody.
  const rules = useAlertRules();
  const consoleOnly = rules.data?.items.find((r) => r.id === alert.ruleId)?.channels.length === 0;
  const clusterName = (id: string) => clusters.data?.items.find((c) => c.id === id)?.name;
  const firing = alert.state === "FIRING";
  return (
    <li
      ref={ref}
      className={cn(
        "flex flex-wrap items-start gap-x-3 gap-y-1 px-5 py-3 text-sm",
        focused && "bg-amber-50 ring-2 ring-inset ring-amber-400 dark:bg-amber-500/10",
      )}
      data-testid="alert"
      data-state={alert.state}
      data-rule={alert.ruleName}
      aria-current={focused ? "true" : undefined}
    >
      <span className="flex w-28 shrink-0 flex-col items-start gap-1">
        <Badge tone={firing ? "red" : "green"}>{firing ? "firing" : "resolved"}</Badge>
        <Badge tone={SEVERITY[alert.severity].tone}>{SEVERITY[alert.severity].label}</Badge>
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{alert.ruleName}</p>
        <p className="text-slate-700 dark:text-slate-300" data-testid="alert-summary">
          {alert.summary}
        </p>
        <p className="mt-1 flex flex-wrap gap-1">
          {subjectLabels(alert.labels, clusterName).map(([k, v]) => (
            <code key={k} className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              {k}={v}
            </code>
          ))}
        </p>
      </div>
      <div className="shrink-0 text-right text-xs text-slate-500">
        <p>
          {firing ? "since " : "started "}
          <TimeAgo iso={alert.startsAt} />
        </p>
        {alert.endsAt && (
          <p>
            resolved <TimeAgo iso={alert.endsAt} />, lasted {lasted(alert)}
          </p>
        )}
        <p>
          {alert.silencedById ? (
            <Badge>silenced</Badge>
          ) : consoleOnly ? (
            "no channel to notify"
          ) : alert.lastNotifiedAt ? (
            <>
              notified <TimeAgo iso={alert.lastNotifiedAt} />
            </>
          ) : (
            "not notified"
          )}
        </p>
        {onSilence && firing && !alert.silencedById && (
          <Button
            size="sm"
            variant="ghost"
            className="mt-1"
            onClick={() => onSilence(alert)}
            aria-label={`Silence ${alert.ruleName}: ${alert.summary}`}
          >
            Silence…
          </Button>
        )}
      </div>
    </li>
  );
}
