"use client";

import { useState, type ReactNode } from "react";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * The part of a delete (or revoke) mutation the confirmation uses; TanStack's mutation result fits.
 * `V` is what the mutation takes: the item's id unless `useRemoval` is given a `variables` mapper.
 */
export interface RemoveMutation<V = string> {
  mutate(variables: V, options: { onSuccess: () => void }): void;
  reset(): void;
  isPending: boolean;
  error: Error | null;
}

/** What `useRemoval` gives `RemovalDialog` and the rows' buttons. */
export interface Removal<T> {
  target: T | null;
  mutation: { isPending: boolean; error: Error | null };
  ask: (item: T) => void;
  cancel: () => void;
  confirm: () => void;
}

/** Which item the user asked to remove, if any; asking again starts with no old error shown. */
export function useRemoval<T extends { id: string }>(mutation: RemoveMutation): Removal<T>;
/** The same for a mutation that takes something else than the item's id (its name, an object). */
export function useRemoval<T, V>(mutation: RemoveMutation<V>, variables: (item: T) => V): Removal<T>;
export function useRemoval<T>(
  mutation: RemoveMutation<unknown>,
  variables: (item: T) => unknown = (item) => (item as { id: string }).id,
): Removal<T> {
  const [target, setTarget] = useState<T | null>(null);
  return {
    target,
    mutation,
    ask: (item: T) => {
      mutation.reset();
      setTarget(item);
    },
    cancel: () => {
      mutation.reset();
      setTarget(null);
    },
    confirm: () => {
      if (target !== null) mutation.mutate(variables(target), { onSuccess: () => setTarget(null) });
    },
  };
}

/** Confirms removing the item `useRemoval` holds; the body says what removing it does. */
export function RemovalDialog<T>({
  removal,
  title,
  confirmLabel,
  children,
}: {
  removal: Removal<T>;
  /** A fixed title, or one naming the item. */
  title: string | ((item: T) => string);
  confirmLabel: string;
  children: (item: T) => ReactNode;
}) {
  const { target, mutation } = removal;
  return (
    <ConfirmDialog
      open={target !== null}
      title={typeof title === "string" ? title : target !== null ? title(target) : ""}
      confirmLabel={confirmLabel}
      busy={mutation.isPending}
      error={mutation.error?.message}
      onCancel={removal.cancel}
      onConfirm={removal.confirm}
    >
      {target !== null && children(target)}
    </ConfirmDialog>
  );
}
