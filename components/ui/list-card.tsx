import type { ReactNode } from "react";
import { Card, CardHeader } from "./card";
import { CardError } from "./card-error";
import { EmptyState } from "./empty-state";
import { Loading } from "./loading";
import { Table, TableHead } from "./table";

/** What a list query gives the card: the items once loaded, or why they could not be. */
export interface ListQuery<T> {
  data?: { items: T[] } | undefined;
  error: Error | null;
}

/**
 * What an empty list shows: an empty state (what the list is for and what to do next), a one-line
 * `note` for lists that fill up by themselves, or nothing (`null`, e.g. while a form to add the first
 * item is open).
 */
export type ListEmpty = { icon?: ReactNode; title: string; body: ReactNode; action?: ReactNode } | { note: ReactNode } | null;

interface ListBodyProps<T> {
  query: ListQuery<T>;
  /** The load error's title, e.g. "The channels could not be loaded". */
  loadError?: string;
  empty: ListEmpty;
  columns: ReactNode[];
  /** The table's accessible name, e.g. "Certificates". */
  tableLabel?: string;
  /** Adds a last, unnamed column for the row actions (the default). */
  rowActions?: boolean;
  rows: (items: T[]) => ReactNode;
  /** Shown above the table once loaded (warnings about some items). */
  notice?: ReactNode;
}

/**
 * A list's body: exactly one of loading, the load error, the empty state (what the list is for
 * and what to do next) or the table. Every list page and settings card spelled these four states
 * out by hand before.
 */
export function ListBody<T>({ query, loadError, empty, columns, tableLabel, rowActions = true, rows, notice }: ListBodyProps<T>) {
  const { data, error } = query;
  return (
    <>
      <CardError error={error} title={loadError} />
      {!data && !error && <Loading className="p-5" />}
      {notice}
      {data &&
        data.items.length === 0 &&
        empty &&
        ("note" in empty ? (
          <p className="p-5 text-sm text-slate-500">{empty.note}</p>
        ) : (
          <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
            {empty.body}
          </EmptyState>
        ))}
      {data && data.items.length > 0 && (
        <Table aria-label={tableLabel}>
          <TableHead columns={columns} actionsLabel={rowActions ? "Actions" : undefined} />
          <tbody>{rows(data.items)}</tbody>
        </Table>
      )}
    </>
  );
}

/** A settings card over one list: its header, the list's body, then `children` (dialogs, a mutation's error). */
export function ListCard<T>({
  title,
  description,
  actions,
  children,
  ...body
}: ListBodyProps<T> & { title: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} actions={actions} />
      <ListBody {...body} />
      {children}
    </Card>
  );
}
