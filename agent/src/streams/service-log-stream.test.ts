import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../log/logger";
import { frame } from "../testing/docker-frames";
import { startServiceLogStream } from "./service-log-stream";
import { StreamHub, type StreamMessage } from "./stream-hub";

const stamp = "2026-11-21T22:14:11.000000001Z com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1";

function setup(options: { tty?: boolean; serviceExists?: () => Promise<boolean>; connected?: boolean; maxBytesPerSecond?: number } = {}) {
  const sent: StreamMessage[] = [];
  const hub = new StreamHub();
  if (options.connected ?? true) hub.attach((message) => sent.push(message));
  const slot = hub.reserve("stream-1");
  if (!slot) throw new Error("no slot");
  const source = new PassThrough();
  const stream = startServiceLogStream({
    slot,
    source,
    tty: options.tty ?? false,
    serviceExists: options.serviceExists,
    log: silentLogger,
    flushMs: 20,
    pollMs: 20,
    maxBytesPerSecond: options.maxBytesPerSecond,
  });
  slot.activate(stream);
  const ended = () =>
    new Promise<void>((resolve) => {
      const check = () => (sent.some((m) => m.ended) ? resolve() : setTimeout(check, 5));
      check();
    });
  return { sent, hub, source, stream, ended };
}

const texts = (sent: StreamMessage[]) => sent.flatMap((m) => m.lines.map((l) => `${l.stream}:${l.task}:${l.text}`));

describe("service log stream", () => {
  it("demultiplexes, parses and batches lines, and ends with the engine's stream", async () => {
    const { sent, hub, source, ended } = setup();
    source.write(Buffer.concat([frame(1, `${stamp} listening\n`), frame(2, `${stamp} warn: a\n${stamp} warn: b\n`)]));
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toHaveLength(1);
    source.end(frame(1, `${stamp} bye\n`));
    await ended();
    expect(texts(sent)).toEqual(["stdout:t1:listening", "stderr:t1:warn: a", "stderr:t1:warn: b", "stdout:t1:bye"]);
    expect(sent.at(-1)).toMatchObject({ ended: true });
    expect(sent.at(-1)?.error).toBeUndefined();
    expect(hub.size).toBe(0);
  });

  it("reports an error the daemon puts into the stream", async () => {
    const { sent, source, ended } = setup();
    source.write(frame(3, "error from daemon in stream: rpc error: code = Unknown"));
    await ended();
    expect(sent.at(-1)).toMatchObject({ ended: true, error: "error from daemon in stream: rpc error: code = Unknown" });
  });

  it("reads a TTY service's raw text, lines cut anywhere", async () => {
    const { sent, source, ended } = setup({ tty: true });
    source.write(`${stamp} hel`);
    source.write(`lo\n${stamp} wor`);
    source.end("ld");
    await ended();
    expect(texts(sent)).toEqual(["stdout:t1:hello", "stdout:t1:world"]);
  });

  it("ends once the service is gone (Docker keeps a followed stream open)", async () => {
    let exists = true;
    const { sent, source, ended } = setup({ serviceExists: async () => exists });
    source.write(frame(1, `${stamp} up\n`));
    exists = false;
    await ended();
    expect(texts(sent)).toEqual(["stdout:t1:up"]);
    expect(source.destroyed).toBe(true);
  });

  it("stop() sends the pending lines with ended: true, once", async () => {
    const { sent, source, stream } = setup();
    source.write(frame(1, `${stamp} pending\n`));
    await new Promise((r) => setImmediate(r));
    stream.stop();
    stream.stop();
    expect(sent).toEqual([{ type: "stream", streamId: "stream-1", lines: [expect.objectContaining({ text: "pending" })], ended: true }]);
    expect(source.destroyed).toBe(true);
  });

  it("pauses a chatty source once a second's byte budget is spent, and resumes after", async () => {
    const { sent, source, stream } = setup({ maxBytesPerSecond: 10 });
    source.write(frame(1, `${stamp} 0123456789abc\n`));
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toHaveLength(1);
    expect(source.isPaused()).toBe(true);
    await new Promise((r) => setTimeout(r, 1_050));
    expect(source.isPaused()).toBe(false);
    stream.stop();
  });

  it("stops by itself when its messages can no longer be delivered", async () => {
    const { sent, hub, source } = setup({ connected: false });
    source.write(frame(1, `${stamp} into the void\n`));
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toEqual([]);
    expect(source.destroyed).toBe(true);
    expect(hub.size).toBe(0);
  });
});
