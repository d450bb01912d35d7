"use client";

import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { CopyField } from "./copy-button";

/** "Copy it now, it is shown once": a warning, the secret with a Copy button, optional notes, and Done. */
export function OneTimeSecret({
  warning,
  value,
  testId,
  onDone,
  children,
}: {
  warning: ReactNode;
  value: string;
  testId: string;
  onDone: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="space-y-4">
      <Alert tone="warning">{warning}</Alert>
      <CopyField value={value} wrap testId={testId} />
      {children}
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
