/** Shared pieces of the log store tests: lines and batches as an agent sends them, and acks. */
import type { LogLine, LogsMessage } from "@/lib/protocol/logs";
import type { TestAgent } from "../gateway/support";

export function line(seq: number, text: string, extra: Partial<LogLine> = {}): LogLine {
  return {
    seq,
    ts: new Date(Date.now() - 1000 + seq).toISOString(),
    store: "out",
    stream: "stdout",
    application: "shop",
    service: "web",
    task: "task0000001",
    container: "c0ffee000001",
    text,
    ...extra,
  };
}

export function batch(epoch: string, lines: LogLine[], droppedTotal = 0): LogsMessage {
  return { type: "logs", epoch, lines, droppedTotal };
}

export type Ack = { type: "logs.ack"; epoch: string; upTo: number };

/** Records the logs.ack messages a test agent receives. */
export function collectAcks(agent: TestAgent): Ack[] {
  const acks: Ack[] = [];
  agent.ws.on("message", (data) => {
    const m = JSON.parse(data.toString()) as { type: string };
    if (m.type === "logs.ack") acks.push(m as Ack);
  });
  return acks;
}

/** A unique epoch per test run (the agent's buffer id). */
export const epochOf = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Reads a Server-Sent Events body to its end: the events, in order. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  until?: (events: Array<{ event: string; data: unknown }>) => boolean,
): Promise<Array<{ event: string; data: unknown }>> {
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event) events.push({ event, data: data ? JSON.parse(data) : null });
    }
    if (until?.(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}
