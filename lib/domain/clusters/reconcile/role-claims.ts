import { noteNodeError, type ReconcileContext } from "./context";

const CLAIM = "This machine's engine says it is a swarm manager";

/**
 * A node's role comes from the control plane; its engine only confirms it. A node whose engine
 * claims to be a manager while the database holds it as a worker (and no demotion through Wharf is
 * under way) is not used as one, and the console says why. The error goes once the claim agrees.
 */
export async function flagRoleClaims(ctx: ReconcileContext, swarmKnown: boolean): Promise<void> {
  for (const node of ctx.nodes) {
    if (!node.ready || node.removeRequested || !node.inventory) continue;
    const s = node.inventory.swarm;
    // swarmRole MANAGER with role WORKER is a demotion Wharf is still applying, not a false claim.
    const disagrees = s.state === "active" && s.isManager && node.role !== "MANAGER" && node.swarmRole !== "MANAGER";
    if (disagrees) {
      await noteNodeError(
        node,
        swarmKnown
          ? `${CLAIM}, but it joined as a worker and was not promoted through Wharf, so Wharf does not use it as a manager. Promote it here if it should be one.`
          : `${CLAIM} of an existing swarm, but it joined with a worker token: Wharf adopts an existing swarm only from a machine that joined with a manager token.`,
      );
    } else if (node.lastError?.startsWith(CLAIM)) {
      await noteNodeError(node, null);
    }
  }
}
