"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { cn } from "@/lib/cn";
import { Button } from "./button";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      {copied ? "Copied" : label}
    </Button>
  );
}

const SURFACE = {
  /** Grey box on a card or dialog. */
  muted: "rounded bg-slate-100 px-2 py-1.5 dark:bg-slate-800",
  /** Translucent box inside a coloured Alert. */
  alert: "rounded bg-white/60 px-2 py-1 dark:bg-black/30",
  /** No box: plain text inside an Alert. */
  none: "",
} as const;

/**
 * A value shown as code with a Copy button next to it. Long values are truncated to one line
 * unless `wrap` is set (secrets and commands, which must be readable in full).
 */
export function CopyField({
  value,
  wrap = false,
  surface = "muted",
  testId,
  title,
  label,
  className,
  codeClassName,
}: {
  value: string;
  wrap?: boolean;
  surface?: keyof typeof SURFACE;
  testId?: string;
  title?: string;
  /** Copy button label (defaults to CopyButton's). */
  label?: string;
  /** Extra classes for the row (e.g. alignment, margins). */
  className?: string;
  /** Extra classes for the code box. */
  codeClassName?: string;
}) {
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <code
        className={cn("block min-w-0 flex-1 text-xs", wrap ? "break-all" : "truncate", SURFACE[surface], codeClassName)}
        data-testid={testId}
        title={title}
      >
        {value}
      </code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
