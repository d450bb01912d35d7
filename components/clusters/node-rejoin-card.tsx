"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useCan } from "@/lib/query/use-account";
import { useAllowNodeRejoin } from "@/lib/query/use-clusters";
import type { ClusterNode } from "@/lib/schemas/clusters";

const when = (iso: string) => new Date(iso).toLocaleString();

/** Whether the node page needs the "join again" card: a pending request, an approval, or a node that cannot come back by itself. */
export const showsRejoin = (node: ClusterNode) =>
  Boolean(node.rejoinRequestedAt || node.rejoinApprovedAt || node.credentialRevokedAt || node.removedAt);

/**
 * A machine that is (or was) this node asked to join again: refused until an admin allows it. The
 * approval lets one join, within the hour, take the node over with a fresh credential.
 */
export function NodeRejoinCard({ node }: { node: ClusterNode }) {
  const manage = useCan("nodes.manage");
  const allow = useAllowNodeRejoin(node.id);
  const [confirming, setConfirming] = useState(false);
  const from = node.rejoinRequestFrom;
  return (
    <Card>
      <CardHeader title="Joining again" description="A machine that is, or was, this node joins again only once an admin allows it." />
      <div className="space-y-3 p-5 text-sm" data-testid="node-rejoin">
        {node.rejoinApprovedAt && node.rejoinApprovalExpiresAt ? (
          <Alert tone="success" title={`Allowed to join again at ${when(node.rejoinApprovedAt)}`}>
            The next join of this machine, until {when(node.rejoinApprovalExpiresAt)}, takes this node over with a fresh credential.
          </Alert>
        ) : node.rejoinRequestedAt ? (
          <Alert tone="warning" title={`Asked to join again at ${when(node.rejoinRequestedAt)}`}>
            {from ? (
              <>
                An agent on {from.hostname}
                {from.ip ? ` (${from.ip})` : ""} with a {from.tokenRole.toLowerCase()} join token named this machine.{" "}
              </>
            ) : null}
            Allow it only if you reinstalled the agent on this machine yourself.
          </Alert>
        ) : (
          <p className="text-slate-600 dark:text-slate-300">This machine cannot join again until an admin allows it here.</p>
        )}
        {manage && !node.rejoinApprovedAt && (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Allow to join again
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Allow ${node.hostname} to join again?`}
        confirmLabel="Allow to join again"
        busy={allow.isPending}
        error={allow.error?.message}
        onCancel={() => setConfirming(false)}
        onConfirm={() => allow.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      >
        <p>
          For the next hour, the first agent that joins with a valid join token and names this machine takes this node over with a fresh
          credential; the current credential stops working. It keeps at most the node&apos;s role ({node.role.toLowerCase()}): a worker join
          token brings a manager back as a worker.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
