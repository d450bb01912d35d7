import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ClusterNode } from "@/lib/schemas/clusters";

const TONES = { READY: "green", UNREACHABLE: "yellow", DOWN: "red", PENDING: "gray" } as const;
const LABELS = { READY: "Ready", UNREACHABLE: "Unreachable", DOWN: "Down", PENDING: "Pending" } as const;

export function NodeStatusBadge({
  node,
  withSince = false,
}: {
  node: Pick<ClusterNode, "status" | "statusChangedAt" | "credentialRevokedAt" | "removeRequestedAt" | "removedAt">;
  withSince?: boolean;
}) {
  if (node.removedAt) return <Badge tone="gray">Removed</Badge>;
  if (node.removeRequestedAt) return <Badge tone="gray">Removing…</Badge>;
  return (
    <span className="inline-flex items-center gap-2">
      <Badge tone={TONES[node.status]}>{LABELS[node.status]}</Badge>
      {node.credentialRevokedAt && <Badge tone="red">credential revoked</Badge>}
      {withSince && (
        <span className="text-xs text-slate-500">
          since <TimeAgo iso={node.statusChangedAt} />
        </span>
      )}
    </span>
  );
}
