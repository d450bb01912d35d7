"use client";

import { BellRing, CircleCheck } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { ChoiceSelect } from "@/components/ui/choice-select";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { Loading } from "@/components/ui/loading";
import { useCan } from "@/lib/query/use-account";
import { useAlertHistory, useAlertRules, type AlertFilter } from "@/lib/query/use-alerts";
import { ALERT_SUBJECT_LABELS, type AlertView } from "@/lib/schemas/alerts";
import { AlertRow } from "./alert-row";
import { NewSilenceDialog, type SilencePreset } from "./new-silence-dialog";

/** A silence for this alert: its rule, and its subject labels the silence can match on. */
function presetFor(alert: AlertView): SilencePreset {
  const matchers = ALERT_SUBJECT_LABELS.filter((l) => alert.labels[l]).map((l) => [l, alert.labels[l] ?? ""] as [string, string]);
  return { ruleId: alert.ruleId, matchers, comment: "" };
}

function FiringNow({ onSilence, focusId }: { onSilence?: (a: AlertView) => void; focusId: string | null }) {
  const { data, error } = useAlertHistory({ state: "FIRING" }, 100);
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card data-testid="firing-now">
      <CardHeader
        title={items.length ? `Firing now (${items.length})` : "Firing now"}
        description="Alerts whose condition holds at this moment; refreshed every few seconds."
      />
      <CardError error={error} />
      {data && !items.length && (
        <EmptyState icon={<CircleCheck className="size-8 text-emerald-500" aria-hidden />} title="Nothing is firing">
          Every enabled rule&apos;s condition is clear.
        </EmptyState>
      )}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((a) => (
          <AlertRow key={a.id} alert={a} onSilence={onSilence} focused={a.id === focusId} />
        ))}
      </ol>
    </Card>
  );
}

function History({ focusId }: { focusId: string | null }) {
  const rules = useAlertRules();
  const [filter, setFilter] = useState<AlertFilter>({});
  const history = useAlertHistory(filter);
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card data-testid="alert-history">
      <CardHeader
        title="History"
        description="Every firing, newest first, with when it resolved."
        actions={
          <>
            <Select
              aria-label="State"
              className="w-36 py-1"
              value={filter.state ?? ""}
              onChange={(e) => setFilter((f) => ({ ...f, state: (e.target.value || undefined) as AlertFilter["state"] }))}
            >
              <option value="">Any state</option>
              <option value="FIRING">Firing</option>
              <option value="RESOLVED">Resolved</option>
            </Select>
            <ChoiceSelect
              aria-label="Rule"
              className="w-48 py-1"
              value={filter.ruleId ?? ""}
              none="Every rule"
              choices={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
              onChange={(ruleId) => setFilter((f) => ({ ...f, ruleId: ruleId || undefined }))}
            />
          </>
        }
      />
      <CardError error={history.error} title="The history could not be loaded" />
      {history.isPending && <Loading className="p-5" />}
      {history.data && !items.length && (
        <p className="p-5 text-sm text-slate-500">No alert {filter.state || filter.ruleId ? "matches these filters" : "has fired yet"}.</p>
      )}
      <ol className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((a) => (
          <AlertRow key={a.id} alert={a} focused={a.id === focusId && a.state === "RESOLVED"} />
        ))}
      </ol>
      {history.hasNextPage && (
        <div className="flex justify-center border-t border-slate-200 p-3 dark:border-slate-800">
          <Button variant="secondary" busy={history.isFetchingNextPage} onClick={() => history.fetchNextPage()}>
            Load older alerts
          </Button>
        </div>
      )}
    </Card>
  );
}

/** The Alerts page: what fires now (with "Silence…"), then the history. Without rules, how to start. */
export function AlertsOverview({ focusId = null }: { focusId?: string | null }) {
  const rules = useAlertRules();
  const manage = useCan("alerts.manage");
  const [silencing, setSilencing] = useState<SilencePreset | null>(null);
  if (rules.error) return <Alert title="The alert rules could not be loaded">{rules.error.message}</Alert>;
  if (!rules.data) return <Loading />;
  if (!rules.data.items.length) {
    return (
      <Card>
        <EmptyState
          icon={<BellRing className="size-8" aria-hidden />}
          title="No alert rules yet"
          action={
            <Link href="/alerts/rules" className="text-sm font-medium text-brand-600 hover:underline">
              Create a rule →
            </Link>
          }
        >
          Add a channel (e-mail, webhook, Slack, DingTalk) and send it a test, then create a rule that notifies it. Firing alerts and their
          history show here.
        </EmptyState>
      </Card>
    );
  }
  return (
    <div className="space-y-6">
      <FiringNow onSilence={manage ? (a) => setSilencing(presetFor(a)) : undefined} focusId={focusId} />
      <History focusId={focusId} />
      <NewSilenceDialog preset={silencing} onClose={() => setSilencing(null)} />
    </div>
  );
}
