/** One stdout line of the "shop" application's "web" service, as the collectors hand it to the buffer (tests). */
import type { LogLineInput } from "../logs/log-buffer";

export function sampleLogLine(text: string, overrides: Partial<LogLineInput> = {}): LogLineInput {
  return {
    ts: "2026-12-01T10:00:00.000000000Z",
    store: "out",
    stream: "stdout",
    application: "shop",
    service: "web",
    task: null,
    container: "abcdef012345",
    text,
    ...overrides,
  };
}
