"use client";

import { LayoutTemplate, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { useCan } from "@/lib/query/use-account";
import { useDeleteTemplate, useTemplates } from "@/lib/query/use-templates";
import type { Template } from "@/lib/schemas/templates";

function TemplateCard({ template, onUse, onDelete }: { template: Template; onUse: () => void; onDelete?: () => void }) {
  return (
    <li
      data-testid={`template-${template.id}`}
      className="flex flex-col rounded-md border border-slate-200 p-4 dark:border-slate-800"
      aria-labelledby={`template-title-${template.id}`}
    >
      <h3 id={`template-title-${template.id}`} className="text-sm font-semibold">
        {template.name}
      </h3>
      <p className="mt-1 flex-1 text-sm text-slate-500 dark:text-slate-400">{template.description || "No description."}</p>
      <div className="mt-3 flex flex-wrap gap-1" aria-label="Services">
        {template.services.map((s) => (
          <Badge key={s}>{s}</Badge>
        ))}
      </div>
      {template.createdBy && (
        <p className="mt-2 truncate text-xs text-slate-500 dark:text-slate-400" title={template.createdBy}>
          Saved by {template.createdBy}
        </p>
      )}
      <div className="mt-3 flex items-center justify-between gap-2">
        <Button size="sm" variant="secondary" onClick={onUse} aria-label={`Use template ${template.name}`}>
          Use template
        </Button>
        {onDelete && (
          <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete template ${template.name}`} title="Delete template">
            <Trash2 className="size-4" aria-hidden />
          </Button>
        )}
      </div>
    </li>
  );
}

const GRID = "grid gap-3 sm:grid-cols-2 lg:grid-cols-4";

/** Built-in templates and the organisation's own; picking one hands it to `onUse` (which asks its variables). */
export function TemplateGallery({ onUse }: { onUse: (template: Template) => void }) {
  const templates = useTemplates();
  const manage = useCan("apps.manage");
  const removal = useRemoval<Template>(useDeleteTemplate());
  const items = templates.data?.items ?? [];
  const builtIn = items.filter((t) => t.builtIn);
  const own = items.filter((t) => !t.builtIn);
  return (
    <Card>
      <CardHeader
        title="Start from a template"
        description="Pick a ready-made stack, answer its questions, then preview and deploy as usual. Or write your own compose file below."
      />
      <div className="space-y-5 p-5">
        {templates.error && <Alert title="The templates could not be loaded">{templates.error.message}</Alert>}
        {!templates.data && !templates.error && <p className="text-sm text-slate-500">Loading templates…</p>}
        {templates.data && (
          <>
            <section aria-labelledby="built-in-templates">
              <h3 id="built-in-templates" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Built-in
              </h3>
              <ul className={GRID}>
                {builtIn.map((t) => (
                  <TemplateCard key={t.id} template={t} onUse={() => onUse(t)} />
                ))}
              </ul>
            </section>
            <section aria-labelledby="organization-templates">
              <h3 id="organization-templates" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Your organisation&apos;s
              </h3>
              {own.length === 0 ? (
                <div
                  data-testid="organization-templates-empty"
                  className="flex items-start gap-3 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400"
                >
                  <LayoutTemplate className="mt-0.5 size-5 shrink-0" aria-hidden />
                  <p>
                    No templates of your own yet. Write or pick a compose file below, then choose <strong>Save as template</strong>: it will
                    appear here for everyone in your organisation.
                  </p>
                </div>
              ) : (
                <ul className={GRID}>
                  {own.map((t) => (
                    <TemplateCard key={t.id} template={t} onUse={() => onUse(t)} onDelete={manage ? () => removal.ask(t) : undefined} />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </div>
      <RemovalDialog removal={removal} title="Delete template" confirmLabel="Delete template">
        {(t) => (
          <p>
            Delete the template <strong>{t.name}</strong>? Nobody in the organisation can start from it any more. Applications already
            created from it keep running unchanged.
          </p>
        )}
      </RemovalDialog>
    </Card>
  );
}
