"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import type { AdoptionPlan } from "@/lib/schemas/adoption";

/** A spec value as the engine holds it; absent is a dash. */
const shown = (value: unknown) => (value === null || value === undefined ? "—" : JSON.stringify(value));

function Differences({ plan }: { plan: AdoptionPlan }) {
  const changed = plan.services.filter((s) => s.differences.length > 0);
  if (changed.length === 0) return null;
  return (
    <Alert tone="warning" title="Adopting would restart tasks: Wharf cannot write these settings as they run">
      <div className="space-y-3">
        {changed.map((service) => (
          <div key={service.swarmName} data-testid={`differences-${service.name}`}>
            <p className="font-medium">
              {service.swarmName} <span className="font-normal">({service.runningTasks} running)</span>
            </p>
            <ul className="mt-1 space-y-1">
              {service.differences.map((d) => (
                <li key={d.path} className="text-xs">
                  <code className="font-semibold">{d.path}</code>
                  <div className="break-all font-mono">
                    {shown(d.live)} → {shown(d.compiled)}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </Alert>
  );
}

function Problems({ plan }: { plan: AdoptionPlan }) {
  if (plan.problems.length === 0) return null;
  return (
    <Alert title="The template cannot be deployed on this cluster">
      <ul className="list-disc space-y-1 pl-5" aria-label="Problems">
        {plan.problems.map((p, index) => (
          <li key={index}>
            {p.message}
            {p.line !== undefined && <span className="text-xs"> (line {p.line})</span>}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** What adopting would do: restarts nothing, or what differs and what is refused; then the compose Wharf wrote. */
export function AdoptionPlanView({ plan }: { plan: AdoptionPlan }) {
  const [showCompose, setShowCompose] = useState(true);
  return (
    <div className="space-y-3" data-testid="adoption-plan">
      {plan.adoptable ? (
        <Alert tone="success">Adopting restarts nothing: the template reproduces every service as it runs.</Alert>
      ) : (
        <>
          <Problems plan={plan} />
          <Differences plan={plan} />
        </>
      )}
      <details open={showCompose} onToggle={(e) => setShowCompose(e.currentTarget.open)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-700 dark:text-slate-300">Compose template Wharf wrote</summary>
        <pre
          className="mt-2 max-h-64 overflow-auto rounded bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800"
          aria-label="Compose template"
          tabIndex={0}
        >
          {plan.compose}
        </pre>
      </details>
    </div>
  );
}
