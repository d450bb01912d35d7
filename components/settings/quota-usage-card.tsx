"use client";

import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { useCan } from "@/lib/query/use-account";
import { useOrganizationQuotas } from "@/lib/query/use-installation";
import { QUOTA_KINDS, QUOTA_LABELS, QuotaMeter } from "./quota-meter";

/** The organisation's usage against its quotas, for its admins and owners. */
export function QuotaUsageCard() {
  const allowed = useCan("quotas.read");
  const { data, error } = useOrganizationQuotas(allowed);
  if (!allowed) return null;
  return (
    <Card>
      <CardHeader
        title="Usage and quotas"
        description="What this organisation may create on this installation. An installation operator sets the limits; ask one to raise a limit you have reached."
      />
      <div className="p-5">
        {error && <Alert>{error.message}</Alert>}
        {!data && !error && <p className="text-sm text-slate-500">Loading…</p>}
        {data && (
          <dl className="grid gap-5 sm:grid-cols-2">
            {QUOTA_KINDS.map((kind) => (
              <div key={kind}>
                <dt className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">{QUOTA_LABELS[kind]}</dt>
                <dd>
                  <QuotaMeter kind={kind} figure={data.quotas[kind]} />
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </Card>
  );
}
