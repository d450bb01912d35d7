import { Alert } from "@/components/ui/alert";
import type { LiveReport } from "@/lib/schemas/applications";

/** Why an application is degraded (what still differs from its template) and what the reconciler put back. */
export function LiveReportAlert({ report }: { report: LiveReport }) {
  const at = new Date(report.checkedAt).toLocaleTimeString();
  return (
    <Alert tone="warning" title={report.differences.length ? "Degraded: the cluster differs from the template" : "Drift repaired"}>
      <ul className="list-disc space-y-0.5 pl-5">
        {report.differences.map((d) => (
          <li key={`d-${d.service}`}>
            <span className="font-medium">{d.service}</span> {d.problem}
          </li>
        ))}
        {report.repaired.map((d) => (
          <li key={`r-${d.service}`}>
            <span className="font-medium">{d.service}</span> was {d.problem}; restored from the template
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs opacity-80">Checked at {at} by the reconciler (every 15 s); the Events tab has the history.</p>
    </Alert>
  );
}
