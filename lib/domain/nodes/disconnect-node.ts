import { busKeys } from "@/lib/agent-bus/keys";
import type { ControlMessage } from "@/lib/agent-bus/messages";
import { redis } from "@/lib/redis";

/** Tells whichever gateway holds the node to close its connection now. */
export async function disconnectNode({ nodeId, reason }: { nodeId: string; reason: "credential-revoked" | "node-removed" }) {
  const message: ControlMessage = { type: "disconnect", nodeId, reason };
  await redis().publish(busKeys.controlChannel(), JSON.stringify(message));
}
