"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { usePromoteRelease, useRollbackRelease } from "@/lib/query/use-releases";
import type { ReleaseView } from "@/lib/schemas/releases";
import { COLOUR_STYLE, versionLabel } from "./release-style";

/**
 * Promote needs the new colour serving (verifying; a rolling release promotes itself); a rollback
 * is possible until promoting starts.
 */
const canPromote = (r: ReleaseView) => r.state === "verifying" && r.strategy !== "rolling";
const canRollBack = (r: ReleaseView) => ["pending", "deploying", "verifying"].includes(r.state);

/** Promote and Roll back, each behind a confirmation that says what will happen to which colour. */
export function ReleaseActions({ release }: { release: ReleaseView }) {
  const promote = usePromoteRelease(release.id);
  const rollback = useRollbackRelease(release.id);
  const [confirm, setConfirm] = useState<"promote" | "rollback" | null>(null);
  // A decision is a request the worker takes between two steps: until the state moves, say so.
  const [requested, setRequested] = useState<{ action: "promote" | "rollback"; state: ReleaseView["state"] } | null>(null);
  const pending = release.requested ?? (requested && requested.state === release.state ? requested.action : null);
  if (pending) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
        {pending === "promote" ? "Promotion" : "Rollback"} requested…
      </p>
    );
  }
  if (!canPromote(release) && !canRollBack(release)) return null;
  const done = (action: "promote" | "rollback") => () => (setConfirm(null), setRequested({ action, state: release.state }));
  const fresh = `${COLOUR_STYLE[release.toColour].label.toLowerCase()} (${versionLabel(release.toVersion)})`;
  const old = `${COLOUR_STYLE[release.fromColour].label.toLowerCase()} (${versionLabel(release.fromVersion)})`;
  return (
    <>
      {canRollBack(release) && (
        <Button variant="secondary" onClick={() => setConfirm("rollback")}>
          Roll back
        </Button>
      )}
      {canPromote(release) && (
        <Button onClick={() => setConfirm("promote")}>{release.strategy === "canary" ? "Promote now" : "Promote"}</Button>
      )}
      <ConfirmDialog
        open={confirm === "promote"}
        title={`Promote ${fresh}?`}
        confirmLabel="Promote"
        busy={promote.isPending}
        error={promote.error?.message}
        onCancel={() => (setConfirm(null), promote.reset())}
        onConfirm={() => promote.mutate(undefined, { onSuccess: done("promote") })}
      >
        <p>
          All requests go to {fresh}
          {release.strategy === "canary" ? ", skipping the remaining steps" : ""}. Then {old} is drained (requests in flight finish) and
          removed. Going back afterwards takes a new release.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === "rollback"}
        title={`Roll back to ${old}?`}
        confirmLabel="Roll back"
        busy={rollback.isPending}
        error={rollback.error?.message}
        onCancel={() => (setConfirm(null), rollback.reset())}
        onConfirm={() => rollback.mutate(undefined, { onSuccess: done("rollback") })}
      >
        <p>
          All requests go back to {old}. Then {fresh} is drained and removed; {old} keeps serving.
        </p>
      </ConfirmDialog>
    </>
  );
}
