"use client";

import { Upload } from "lucide-react";
import { useRef, useState, type DragEvent } from "react";
import { cn } from "@/lib/cn";
import type { ComposeIssue } from "@/lib/schemas/applications";

const MAX_BYTES = 1024 * 1024;

/**
 * The compose file: paste it, type it, drop a file on it or pick one. Problems found by the
 * server are listed with their path and line, and clicking one moves the cursor there.
 */
export function ComposeEditor({
  value,
  onChange,
  issues,
  id = "compose",
}: {
  value: string;
  onChange: (v: string) => void;
  issues: ComposeIssue[];
  id?: string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const load = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) return setFileError(`${file.name} is larger than 1 MiB`);
    setFileError(null);
    onChange(await file.text());
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void load(e.dataTransfer.files[0]);
  };
  const goTo = (line?: number) => {
    const el = area.current;
    if (!el || !line) return;
    const offset = value
      .split("\n")
      .slice(0, line - 1)
      .reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(offset, offset);
  };
  return (
    <div className="space-y-2">
      <div
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "rounded-md border border-dashed p-1",
          dragging ? "border-brand-500 bg-brand-50 dark:bg-brand-700/10" : "border-slate-300 dark:border-slate-700",
        )}
      >
        <textarea
          ref={area}
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          rows={18}
          placeholder={
            "Paste a compose file here, or drop one on this box.\n\nservices:\n  web:\n    image: registry.example.com/acme/web:1\n    ports:\n      - 8080:80"
          }
          className="block w-full resize-y rounded bg-white p-3 font-mono text-xs leading-5 outline-none dark:bg-slate-950"
        />
      </div>
      <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-brand-600 hover:underline">
        <Upload className="size-4" aria-hidden />
        Choose a file…
        <input type="file" accept=".yml,.yaml,.json,text/yaml" className="sr-only" onChange={(e) => void load(e.target.files?.[0])} />
      </label>
      {fileError && <p className="text-sm text-red-600">{fileError}</p>}
      {issues.length > 0 && (
        <ul
          className="space-y-1 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
          aria-label="Problems in the compose file"
          data-testid="compose-issues"
        >
          {issues.map((issue, i) => (
            <li key={i} className={issue.severity === "error" ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-300"}>
              <button type="button" className="text-left hover:underline" onClick={() => goTo(issue.line)}>
                <span className="font-medium">{issue.severity === "error" ? "Error" : "Warning"}</span>
                {issue.line ? ` · line ${issue.line}` : ""} ·{" "}
                <code className="text-xs">{issue.path.replace(/^compose\.?/, "") || "(file)"}</code>: {issue.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
