/**
 * Whether a node's desired state (labels, availability, role) differs from what the swarm last
 * reported. System labels (wharf.*) are the control plane's own and do not count as user changes.
 */
import { LB_NODE_LABEL } from "../traffic/lb-node-label";

type NodeState = {
  swarmNodeId: string | null;
  removeRequestedAt: Date | null;
  role: string;
  swarmRole: string | null;
  availability: string;
  swarmAvailability: string | null;
  labels: Record<string, string>;
  swarmLabels: Record<string, string> | null;
};

/**
 * Labels the control plane (wharf.*) or Docker (com.docker.*) set on a swarm node. `wharf.lb` is
 * the one wharf.* label users set themselves (which nodes run HAProxy), so it counts as theirs.
 */
export function isSystemLabel(key: string): boolean {
  if (key === LB_NODE_LABEL) return false;
  return key.startsWith("wharf.") || key.startsWith("com.docker.");
}

export function userLabels(labels: Record<string, string> | null): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !isSystemLabel(k)));
}

export function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

export function pendingNodeChanges(node: NodeState): boolean {
  if (node.removeRequestedAt) return true;
  if (!node.swarmNodeId) return false; // not in the swarm yet: joining is tracked separately
  return (
    node.role !== node.swarmRole || node.availability !== node.swarmAvailability || !sameLabels(node.labels, userLabels(node.swarmLabels))
  );
}
