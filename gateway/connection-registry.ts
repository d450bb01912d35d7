/**
 * Which agent connections this gateway holds, mirrored in Redis (node → gateway) so workers can
 * route commands to the right gateway when several run behind a load balancer.
 */
import { busKeys } from "@/lib/agent-bus/keys";
import type { ControlMessage } from "@/lib/agent-bus/messages";
import { publishSealed } from "@/lib/agent-bus/sealed";
import { CLOSE_CODES } from "@/lib/protocol/version";
import { redis } from "@/lib/redis";

export interface RegisteredConnection {
  readonly nodeId: string;
  close(code: number, reason: string): void;
}

// Delete the mapping only if it still names this gateway (another may have taken the node over).
const HDEL_IF_EQUAL =
  "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) else return 0 end";

export class ConnectionRegistry<C extends RegisteredConnection> {
  private readonly byNode = new Map<string, C>();

  constructor(readonly gatewayId: string) {}

  get size() {
    return this.byNode.size;
  }

  get(nodeId: string): C | undefined {
    return this.byNode.get(nodeId);
  }

  all(): C[] {
    return [...this.byNode.values()];
  }

  /** The newest connection of a node wins; an older one here or on another gateway is closed. */
  async attach(conn: C): Promise<void> {
    const previous = this.byNode.get(conn.nodeId);
    this.byNode.set(conn.nodeId, conn);
    if (previous && previous !== conn) previous.close(CLOSE_CODES.replaced, "replaced by a newer connection");
    await redis().hset(busKeys.nodeGateway(), conn.nodeId, this.gatewayId);
    const notice: ControlMessage = { type: "connected", nodeId: conn.nodeId, gatewayId: this.gatewayId };
    await publishSealed(busKeys.controlChannel(), notice);
  }

  /** Returns true when this was the node's live connection (so the node is now disconnected). */
  async detach(conn: C): Promise<boolean> {
    if (this.byNode.get(conn.nodeId) !== conn) return false;
    this.byNode.delete(conn.nodeId);
    const removed = (await redis().eval(HDEL_IF_EQUAL, 1, busKeys.nodeGateway(), conn.nodeId, this.gatewayId)) as number;
    return removed === 1;
  }

  handleControl(message: ControlMessage): void {
    const conn = this.byNode.get(message.nodeId);
    if (!conn) return;
    if (message.type === "connected" && message.gatewayId !== this.gatewayId) {
      this.byNode.delete(message.nodeId);
      conn.close(CLOSE_CODES.replaced, "the node connected through another gateway");
    } else if (message.type === "disconnect") {
      const code = message.reason === "node-removed" ? CLOSE_CODES.nodeRemoved : CLOSE_CODES.credentialRevoked;
      conn.close(code, message.reason === "node-removed" ? "node removed from its cluster" : "node credential revoked");
    }
  }

  /**
   * Writes back the mapping of every connection held here that Redis no longer has (Redis lost its
   * data): commands are routed again without the agents reconnecting. A field naming another
   * gateway is left alone (the node moved; its "connected" notice closes ours). Returns the
   * connections written back: commands sent to them while Redis had no route wait in PostgreSQL.
   */
  async reassert(): Promise<C[]> {
    const held = this.all();
    const written = await Promise.all(held.map((c) => redis().hsetnx(busKeys.nodeGateway(), c.nodeId, this.gatewayId)));
    return held.filter((_, i) => written[i] === 1);
  }

  /** On shutdown: forget every mapping this gateway owns so no command is routed to it. */
  async releaseAll(): Promise<void> {
    await Promise.all(this.all().map((c) => redis().eval(HDEL_IF_EQUAL, 1, busKeys.nodeGateway(), c.nodeId, this.gatewayId)));
  }
}
