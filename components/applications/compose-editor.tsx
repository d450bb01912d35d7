"use client";

import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import CodeMirror from "@uiw/react-codemirror";
import { Upload } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { offsetOf, toDiagnostics } from "@/components/compose-editor/diagnostics";
import { editorColours, editorTheme } from "@/components/compose-editor/editor-theme";
import { IssueList } from "@/components/compose-editor/issue-list";
import { useLiveIssues, type LiveCheck } from "@/components/compose-editor/use-live-issues";
import { cn } from "@/lib/cn";
import type { ComposeIssue } from "@/lib/schemas/applications";

const MAX_BYTES = 1024 * 1024;

const PLACEHOLDER =
  "Paste a compose file here, or drop one on this box.\n\nservices:\n  web:\n    image: registry.example.com/acme/web:1\n    ports:\n      - 8080:80";

/** The issues to show: whichever of the form's reported ones and the live check's changed last. */
function useShownIssues(issues: ComposeIssue[], live: ReturnType<typeof useLiveIssues>) {
  const reported = JSON.stringify(issues);
  const liveAt = live?.at ?? 0;
  const [last, setLast] = useState({ reported, liveAt, source: "reported" as "reported" | "live" });
  if (last.reported !== reported) setLast({ reported, liveAt, source: "reported" });
  else if (last.liveAt !== liveAt) setLast({ reported, liveAt, source: "live" });
  return live && last.source === "live" ? live.issues : issues;
}

/**
 * The compose file, in a YAML editor with line numbers: paste it, type it, drop a file on it or
 * pick one. With `liveCheck`, the text is previewed a moment after typing stops; problems (from
 * that check or from the form's own preview) are underlined at their line and column, marked in
 * the gutter (hover for the message) and listed below, where clicking one moves the cursor there.
 */
export function ComposeEditor({
  value,
  onChange,
  issues,
  id = "compose",
  label = "Compose file",
  liveCheck,
}: {
  value: string;
  onChange: (v: string) => void;
  issues: ComposeIssue[];
  id?: string;
  label?: string;
  liveCheck?: LiveCheck;
}) {
  const view = useRef<EditorView | null>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const live = useLiveIssues(value, liveCheck);
  const shown = useShownIssues(issues, value.trim() ? live : null);
  const hint = `${id}-keys`;
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      editorTheme,
      EditorView.contentAttributes.of({ id, "aria-label": label, "aria-describedby": hint, spellcheck: "false" }),
    ],
    [id, label, hint],
  );
  const shownKey = JSON.stringify(shown);
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state.doc, JSON.parse(shownKey) as ComposeIssue[])));
  }, [shownKey]);

  const load = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) return setFileError(`${file.name} is larger than 1 MiB`);
    setFileError(null);
    onChange(await file.text());
  };
  // Files are taken before CodeMirror sees the drop (it would insert their text at the pointer).
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    e.stopPropagation();
    void load(e.dataTransfer.files[0]);
  };
  const goTo = (issue: ComposeIssue) => {
    const v = view.current;
    if (!v) return;
    const anchor = offsetOf(v.state.doc, issue.line, issue.column);
    v.dispatch({ selection: { anchor }, effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
    v.focus();
  };
  return (
    <div className="space-y-2">
      <div
        onDragOverCapture={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDropCapture={onDrop}
        data-testid="compose-editor"
        className={cn(
          "overflow-hidden rounded-md border font-mono text-xs focus-within:ring-2 focus-within:ring-brand-500/40",
          editorColours,
          dragging ? "border-dashed border-brand-500" : "border-slate-300 dark:border-slate-700",
        )}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          onCreateEditor={(v) => {
            view.current = v;
            v.dispatch(setDiagnostics(v.state, toDiagnostics(v.state.doc, JSON.parse(shownKey) as ComposeIssue[])));
          }}
          extensions={extensions}
          theme="none"
          placeholder={PLACEHOLDER}
          maxHeight="640px"
          basicSetup={{ autocompletion: false, searchKeymap: true, highlightActiveLine: true }}
        />
      </div>
      {/* The text as a plain form field too (named after the editor), for forms and tools reading values. */}
      <textarea id={`${id}-text`} name={id} value={value} readOnly hidden aria-hidden />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-brand-600 hover:underline">
          <Upload className="size-4" aria-hidden />
          Choose a file…
          <input type="file" accept=".yml,.yaml,.json,text/yaml" className="sr-only" onChange={(e) => void load(e.target.files?.[0])} />
        </label>
        <p id={hint} className="text-xs text-slate-500 dark:text-slate-400">
          Tab indents; press Esc then Tab to leave the editor.
        </p>
      </div>
      {fileError && <p className="text-sm text-red-600">{fileError}</p>}
      <IssueList issues={shown} onPick={goTo} />
    </div>
  );
}
