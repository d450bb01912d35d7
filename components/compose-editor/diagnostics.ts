import type { Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { ComposeIssue } from "@/lib/schemas/applications";

/** The document offset of a 1-based line and column, clamped into the document. */
export function offsetOf(doc: Text, line = 1, column = 1): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column, 1) - 1, l.to);
}

/** Where the server located a problem, as editor ranges: from its column to the end of that line's text. */
export function toDiagnostics(doc: Text, issues: ComposeIssue[]): Diagnostic[] {
  return issues.map((issue) => {
    const from = offsetOf(doc, issue.line, issue.line ? issue.column : 1);
    const line = doc.lineAt(from);
    const to = Math.max(from, line.from + line.text.trimEnd().length);
    return {
      from: to > from ? from : Math.max(line.from, from - 1),
      to: to > from ? to : Math.min(from + 1, doc.length),
      severity: issue.severity,
      source: issue.path.replace(/^compose\.?/, "") || undefined,
      message: issue.message,
    };
  });
}
