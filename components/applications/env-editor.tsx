"use client";

import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type EnvRow = { key: string; value: string };

export const rowsToEnv = (rows: EnvRow[]) => Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

/** Variables for ${VAR} interpolation; stored encrypted, never shown again after saving. */
export function EnvEditor({ rows, onChange }: { rows: EnvRow[]; onChange: (rows: EnvRow[]) => void }) {
  const set = (i: number, patch: Partial<EnvRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      {rows.map((row, i) => (
        <div key={i} className="flex gap-2">
          <Input
            aria-label={`Variable ${i + 1} name`}
            placeholder="NAME"
            value={row.key}
            onChange={(e) => set(i, { key: e.target.value })}
            className="w-48 font-mono text-xs"
          />
          <Input
            aria-label={`Variable ${i + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(e) => set(i, { value: e.target.value })}
            className="flex-1 font-mono text-xs"
          />
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Remove variable ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => onChange([...rows, { key: "", value: "" }])}>
        <Plus className="size-4" aria-hidden /> Add variable
      </Button>
    </div>
  );
}
