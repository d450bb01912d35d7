import { randomBytes } from "node:crypto";
import { busKeys } from "@/lib/agent-bus/keys";
import { streamChunkSchema, type StreamChunk } from "@/lib/agent-bus/messages";
import { subscribeSealed } from "@/lib/agent-bus/sealed";
import { sendCommand } from "../commands/send-command";

/** A run keeps the last 64 KiB of its tasks' output. */
export const MAX_RUN_LOG_CHARS = 64 * 1024;
const TAIL_LINES = 5_000;
const READ_TIMEOUT_MS = 15_000;

type ReadRunLogsOptions = { managerId: string; swarmName: string; taskIds: readonly string[]; timeoutMs?: number };

/**
 * The output of a run's tasks, read once through the manager's agent like the live log view
 * (logs.start without follow: the service's last lines, streamed back through the gateway), keeping
 * only the lines of these tasks. A job's earlier runs are other tasks of the same service.
 */
export async function readRunLogs({ managerId, swarmName, taskIds, timeoutMs = READ_TIMEOUT_MS }: ReadRunLogsOptions): Promise<string> {
  if (taskIds.length === 0) return "";
  const wanted = new Set(taskIds);
  const streamId = randomBytes(12).toString("base64url");
  const lines: StreamChunk["lines"] = [];
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const unsubscribe = await subscribeSealed(busKeys.streamChannel(streamId), streamChunkSchema, (chunk) => {
    lines.push(...chunk.lines.filter((line) => line.task !== null && wanted.has(line.task)));
    if (chunk.ended) finish();
  });
  const timer = setTimeout(finish, timeoutMs);
  try {
    await sendCommand({
      nodeId: managerId,
      type: "logs.start",
      payload: { streamId, service: swarmName, tail: TAIL_LINES, follow: false },
    });
    await ended;
  } finally {
    clearTimeout(timer);
    await unsubscribe();
    await sendCommand({ nodeId: managerId, type: "logs.stop", payload: { streamId }, timeoutMs: 5_000 }).catch(() => undefined);
  }
  const text = lines
    .sort((a, b) => a.ts.localeCompare(b.ts))
    .map((line) => `${line.ts} ${line.stream === "stderr" ? "[stderr] " : ""}${line.text}`)
    .join("\n");
  return text.length > MAX_RUN_LOG_CHARS ? text.slice(text.length - MAX_RUN_LOG_CHARS) : text;
}
