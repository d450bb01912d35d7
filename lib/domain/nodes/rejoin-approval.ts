/**
 * A machine that is already (or was) a node of a cluster cannot join it again on its own: the join
 * is refused and recorded as a request, and an admin allows it on the node's page. The approval lets
 * exactly one join take the node over, within this window.
 */
export const REJOIN_APPROVAL_MINUTES = 60;

export type RejoinState = { rejoinApprovedAt: Date | null };

/** Whether an admin's approval is there and still fresh. */
export function rejoinApproved(node: RejoinState, now = new Date()): boolean {
  return node.rejoinApprovedAt !== null && now.getTime() - node.rejoinApprovedAt.getTime() < REJOIN_APPROVAL_MINUTES * 60_000;
}

/** Which of its lives a node record is in, as the rejoin messages and the console name it. */
export function nodeLifecycle(node: { removedAt: Date | null; credentialRevokedAt: Date | null }): "active" | "revoked" | "removed" {
  if (node.removedAt) return "removed";
  if (node.credentialRevokedAt) return "revoked";
  return "active";
}
