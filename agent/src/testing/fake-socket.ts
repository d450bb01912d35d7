/** A SessionSocket for unit tests: records what the agent sends and plays the gateway's side. */
import type { AgentMessage, GatewayMessage } from "@/lib/protocol";
import type { SessionSocket } from "../session/session";

export class FakeSocket implements SessionSocket {
  readonly sent: AgentMessage[] = [];
  closedWith: { code: number; reason: string } | null = null;
  private messageListener: ((text: string) => void) | null = null;
  private closeListener: ((code: number, reason: string) => void) | null = null;
  private waiters: Array<() => void> = [];

  send(text: string): void {
    if (this.closedWith) throw new Error("send after close");
    this.sent.push(JSON.parse(text) as AgentMessage);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The agent closes: a well-behaved gateway echoes the close frame. */
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    queueMicrotask(() => this.closeListener?.(code, reason));
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListener = listener;
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.closeListener = listener;
  }

  /** The gateway sends a message (or raw text). */
  deliver(message: GatewayMessage | string): void {
    this.messageListener?.(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The gateway (or the network) closes the connection. */
  drop(code: number, reason = ""): void {
    this.closedWith ??= { code, reason };
    this.closeListener?.(code, reason);
  }

  ofType<T extends AgentMessage["type"]>(type: T): Array<Extract<AgentMessage, { type: T }>> {
    return this.sent.filter((m): m is Extract<AgentMessage, { type: T }> => m.type === type);
  }

  /** Resolves once `predicate` holds for the messages sent so far. */
  async waitFor(predicate: (sent: AgentMessage[]) => boolean, timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      if (Date.now() > deadline) throw new Error(`timed out; sent so far: ${JSON.stringify(this.sent.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }
}
