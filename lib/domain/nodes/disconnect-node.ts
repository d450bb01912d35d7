import { busKeys } from "@/lib/agent-bus/keys";
import type { ControlMessage } from "@/lib/agent-bus/messages";
import { publishSealed } from "@/lib/agent-bus/sealed";

/** Tells whichever gateway holds the node to close its connection now. */
export async function disconnectNode({ nodeId, reason }: { nodeId: string; reason: "credential-revoked" | "node-removed" }) {
  const message: ControlMessage = { type: "disconnect", nodeId, reason };
  await publishSealed(busKeys.controlChannel(), message);
}
