import { describe, expect, it } from "vitest";
import type { MetricsMessage } from "@/lib/protocol/metrics";
import { createLogger } from "../log/logger";
import { QUIET_NODE_METRICS } from "../testing/quiet-node-metrics";
import { MetricsSender } from "./metrics-sender";

const node = QUIET_NODE_METRICS;

function setup(intervalMs = 10_000) {
  const state = { collects: 0, fail: false, gate: null as Promise<void> | null };
  const collector = {
    primed: false,
    async collect(): Promise<MetricsMessage> {
      state.collects++;
      if (state.gate) await state.gate;
      if (state.fail) throw new Error("EACCES /proc/stat");
      collector.primed = true;
      return { type: "metrics", at: state.collects, intervalSeconds: 10, node, containers: [] };
    },
  };
  const lines: string[] = [];
  const sender = new MetricsSender({ collector, intervalMs, log: createLogger({ level: "info", write: (l) => lines.push(l) }) });
  const sent: MetricsMessage[] = [];
  return { state, collector, sender, sent, lines, send: (m: MetricsMessage) => sent.push(m) };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("metrics sender", () => {
  it("primes the rates on attach without sending, then sends every interval until detached", async () => {
    const { state, sender, sent, send } = setup(20);
    sender.attach(send);
    await until(() => sent.length >= 2);
    sender.detach();
    expect(sent.map((m) => m.at)).toEqual([2, 3]); // the first collect (at: 1) only primed
    const collects = state.collects;
    await new Promise((r) => setTimeout(r, 60));
    expect(state.collects).toBe(collects);
  });

  it("sends at once when attached again with primed rates (a reconnect)", async () => {
    const { collector, sender, sent, send } = setup();
    collector.primed = true;
    sender.attach(send);
    await until(() => sent.length === 1);
    sender.detach();
    expect(sent).toHaveLength(1);
  });

  it("skips a tick while the previous sample still runs, instead of queueing it", async () => {
    const { state, collector, sender, sent, send } = setup();
    collector.primed = true;
    let open = () => {};
    state.gate = new Promise<void>((resolve) => (open = resolve));
    sender.attach(send);
    await sender.tick();
    await sender.tick();
    expect(sender.skipped).toBe(2);
    expect(state.collects).toBe(1);
    state.gate = null;
    open();
    await until(() => sent.length === 1);
    sender.detach();
  });

  it("logs a failing sample once, and once that it works again", async () => {
    const { state, collector, sender, sent, send, lines } = setup();
    collector.primed = true;
    sender.attach(send);
    state.fail = true;
    for (let i = 0; i < 3; i++) await sender.tick();
    state.fail = false;
    await sender.tick();
    await sender.tick();
    sender.detach();
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
      expect.stringContaining("sampling failed"),
      expect.stringContaining("works again"),
    ]);
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  it("sends nothing while detached", async () => {
    const { collector, sender, sent } = setup();
    collector.primed = true;
    await sender.tick();
    expect(sent).toEqual([]);
  });
});
