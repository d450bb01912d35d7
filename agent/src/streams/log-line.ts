/**
 * One line of `GET /services/{id}/logs?timestamps=1&details=1`:
 * "2026-11-21T22:14:11.856824221Z com.docker.swarm.node.id=N,com.docker.swarm.service.id=S,com.docker.swarm.task.id=T text".
 * Docker writes the details as comma-separated key=value pairs (values query-escaped, so they hold
 * no spaces); the line keeps the task and drops the rest. Overly long lines are cut.
 */
import { TASK_ID_LABEL } from "../docker/object-labels";
import type { StreamLine } from "./stream-hub";

export const MAX_LINE_CHARS = 16_000;
const TRUNCATED = " …[line truncated]";
// bounded, so a line that merely starts like a timestamp cannot produce a `ts` over the protocol's 64 characters
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) /;
// Docker's attributes are short; looking at the head of a long line only keeps parsing linear
const DETAILS_SCAN = 4096;
const DETAILS = /^((?:[^\s=,]+=[^\s,]*)(?:,[^\s=,]+=[^\s,]*)*) /;

export function parseLogLine(line: string, stream: StreamLine["stream"], now: () => Date = () => new Date()): StreamLine {
  let rest = line.endsWith("\r") ? line.slice(0, -1) : line;
  let ts: string | null = null;
  const stamp = TIMESTAMP.exec(rest);
  if (stamp?.[1]) {
    ts = stamp[1];
    rest = rest.slice(stamp[0].length);
  }
  let task: string | null = null;
  const details = DETAILS.exec(rest.slice(0, DETAILS_SCAN));
  // only Docker's own attributes mark a details block; a message that merely starts "a=b " stays whole
  if (details?.[1]?.includes("com.docker.swarm.")) {
    task = readAttribute(details[1], TASK_ID_LABEL);
    rest = rest.slice(details[0].length);
  }
  return { ts: ts ?? now().toISOString(), stream, task, text: cut(rest) };
}

function readAttribute(attributes: string, key: string): string | null {
  for (const pair of attributes.split(",")) {
    const at = pair.indexOf("=");
    if (pair.slice(0, at) !== key) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " ")).slice(0, 200) || null;
    } catch {
      return pair.slice(at + 1).slice(0, 200) || null;
    }
  }
  return null;
}

function cut(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : text.slice(0, MAX_LINE_CHARS) + TRUNCATED;
}
