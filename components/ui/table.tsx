import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto">
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800", className)} {...props} />
    </div>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn("px-5 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500", className)}
      {...props}
    />
  );
}

/**
 * A table's header row from its column names. `actionsLabel` adds a last column for the rows' buttons:
 * empty on screen, named for screen readers.
 */
export function TableHead({ columns, actionsLabel }: { columns: ReactNode[]; actionsLabel?: string }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => (
          <Th key={index}>{column}</Th>
        ))}
        {actionsLabel && (
          <Th>
            <span className="sr-only">{actionsLabel}</span>
          </Th>
        )}
      </tr>
    </thead>
  );
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("whitespace-nowrap px-5 py-3 align-middle", className)} {...props} />;
}

export function Tr({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("border-t border-slate-100 dark:border-slate-800", className)} {...props} />;
}
