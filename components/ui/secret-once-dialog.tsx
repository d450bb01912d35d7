"use client";

import type { ReactNode } from "react";
import { Dialog } from "./dialog";
import { OneTimeSecret } from "./one-time-secret";

/** The secret a create dialog got back, and what the dialog says about it while showing it once. */
export interface CreatedSecret {
  /** The dialog's title once created, e.g. "Token created". */
  title: string;
  warning: ReactNode;
  value: string;
  testId: string;
  /** Shown under the secret (how to use it). */
  notes?: ReactNode;
}

/**
 * A create dialog whose result carries a secret: the form (`children`) until `secret` is set, then
 * the secret, once, with Done. Tokens, registry webhooks and webhook channels all work this way.
 */
export function SecretOnceDialog({
  open,
  onClose,
  title,
  secret,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  secret: CreatedSecret | null;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={secret ? secret.title : title}>
      {secret ? (
        <OneTimeSecret warning={secret.warning} value={secret.value} testId={secret.testId} onDone={onClose}>
          {secret.notes}
        </OneTimeSecret>
      ) : (
        children
      )}
    </Dialog>
  );
}
