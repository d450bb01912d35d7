"use client";

import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { RetentionPreview } from "@/lib/schemas/registry";

/** A dry run's result: per repository, what is deleted and what is kept (and why). */
export function RetentionPreviewView({ preview }: { preview: RetentionPreview }) {
  if (preview.repositories.length === 0) return <p className="text-sm text-slate-500">No repository matches.</p>;
  return (
    <div className="space-y-3" data-testid="retention-preview">
      <Alert tone={preview.deleteCount ? "warning" : "info"}>
        {preview.deleteCount
          ? `${preview.deleteCount} tag${preview.deleteCount === 1 ? "" : "s"} would be deleted; ${preview.keepCount} kept.`
          : `Nothing would be deleted; ${preview.keepCount} tags kept.`}
      </Alert>
      {preview.repositories.map((r) => (
        <div key={r.path} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
          <p className="font-medium">{r.path}</p>
          <ul className="mt-2 space-y-1">
            {r.delete.map((t) => (
              <li key={`d-${t.tag}`} className="flex items-center gap-2">
                <Badge tone="red">delete</Badge>
                {t.tag}
              </li>
            ))}
            {r.keep.map((t) => (
              <li key={`k-${t.tag}`} className="flex items-center gap-2">
                <Badge tone="green">keep</Badge>
                {t.tag}
                <span className="text-xs text-slate-500">{t.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
