import { useId, type InputHTMLAttributes } from "react";
import { cn } from "@/lib/cn";
import { Input } from "./input";

/** The height of a compact control (inputs and selects in grids and filter bars). */
export const COMPACT_CONTROL = "py-1.5";

/**
 * A small input with its error right under it, wired for screen readers (aria-invalid,
 * aria-describedby): for grids and filter bars, where Field's label and spacing do not fit.
 * Renders the input and the error only; the caller wraps them (and adds a label if it has one).
 */
export function CompactInput({ error, id, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { error?: string }) {
  const ownId = useId();
  const errorId = `${id ?? ownId}-error`;
  return (
    <>
      <Input
        id={id}
        className={cn(COMPACT_CONTROL, className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...props}
      />
      {error && (
        <p id={errorId} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </>
  );
}
