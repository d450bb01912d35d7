import type { ComposeIssue } from "@/lib/schemas/applications";

/** The problems under the editor; each one is a button that puts the cursor where it is. */
export function IssueList({ issues, onPick }: { issues: ComposeIssue[]; onPick: (issue: ComposeIssue) => void }) {
  if (issues.length === 0) return null;
  return (
    <ul
      className="space-y-1 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
      aria-label="Problems in the compose file"
      data-testid="compose-issues"
    >
      {issues.map((issue, i) => (
        <li key={i} className={issue.severity === "error" ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-300"}>
          <button type="button" className="text-left hover:underline" onClick={() => onPick(issue)}>
            <span className="font-medium">{issue.severity === "error" ? "Error" : issue.severity === "warning" ? "Warning" : "Note"}</span>
            {issue.line ? ` · line ${issue.line}${issue.column ? `:${issue.column}` : ""}` : ""} ·{" "}
            <code className="text-xs">{issue.path.replace(/^compose\.?/, "") || "(file)"}</code>: {issue.message}
          </button>
        </li>
      ))}
    </ul>
  );
}
