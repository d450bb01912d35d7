import { describe, expect, it } from "vitest";
import { frame } from "../testing/docker-frames";
import { failure, fakeContext } from "../testing/fake-context";
import { logsStart } from "./logs-start";
import { logsStop } from "./logs-stop";
import { serviceApply } from "./service-apply";

const stamp = "2026-11-21T22:14:11.000000001Z com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1";

async function setup(maxStreams = 20) {
  const fake = fakeContext({ maxStreams });
  await serviceApply(
    { spec: { Name: "shop_web", TaskTemplate: { ContainerSpec: { Image: "shop/web:1" } } }, forceUpdate: false, pullLatest: false },
    fake.context,
  );
  return fake;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error("condition not reached");
};

describe("logs.start / logs.stop", () => {
  it("opens the service's log stream and answers at once; lines follow as stream messages", async () => {
    const { context, engine, streams, hub } = await setup();
    expect(await logsStart({ streamId: "stream-1", service: "shop_web", tail: 50, follow: true }, context)).toEqual({ started: true });
    expect(engine.logStreams).toEqual([expect.objectContaining({ serviceId: "svc-1", tail: 50, follow: true })]);
    engine.logStreams[0]?.stream.write(frame(1, `${stamp} GET / 200\n`));
    await until(() => streams.length > 0);
    expect(streams[0]).toEqual({
      type: "stream",
      streamId: "stream-1",
      ended: false,
      lines: [{ ts: "2026-11-21T22:14:11.000000001Z", stream: "stdout", task: "t1", text: "GET / 200" }],
    });
    expect(hub.size).toBe(1);
  });

  it("a repeated streamId answers started: false and opens nothing more", async () => {
    const { context, engine } = await setup();
    await logsStart({ streamId: "stream-1", service: "shop_web", tail: 10, follow: true }, context);
    expect(await logsStart({ streamId: "stream-1", service: "shop_web", tail: 10, follow: true }, context)).toEqual({ started: false });
    expect(engine.logStreams).toHaveLength(1);
  });

  it("logs.stop ends the stream with ended: true, then answers stopped: false", async () => {
    const { context, engine, streams, hub } = await setup();
    await logsStart({ streamId: "stream-1", service: "shop_web", tail: 10, follow: true }, context);
    expect(await logsStop({ streamId: "stream-1" }, context)).toEqual({ stopped: true });
    expect(await logsStop({ streamId: "stream-1" }, context)).toEqual({ stopped: false });
    expect(streams).toEqual([{ type: "stream", streamId: "stream-1", lines: [], ended: true }]);
    expect(engine.logStreams[0]?.stream.destroyed).toBe(true);
    expect(hub.size).toBe(0);
  });

  it("a stream that ends by itself (follow: false) frees its place", async () => {
    const { context, engine, streams, hub } = await setup();
    await logsStart({ streamId: "stream-1", service: "shop_web", tail: 1, follow: false }, context);
    engine.logStreams[0]?.stream.end(frame(2, `${stamp} last words\n`));
    await until(() => streams.some((m) => m.ended));
    expect(streams.flatMap((m) => m.lines.map((l) => [l.stream, l.text]))).toEqual([["stderr", "last words"]]);
    expect(hub.size).toBe(0);
  });

  it("refuses a missing service and more streams than the limit", async () => {
    const { context, hub } = await setup(1);
    expect(await failure(logsStart({ streamId: "stream-1", service: "nope", tail: 10, follow: true }, context))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(hub.size).toBe(0);
    await logsStart({ streamId: "stream-1", service: "shop_web", tail: 10, follow: true }, context);
    expect(await failure(logsStart({ streamId: "stream-2", service: "shop_web", tail: 10, follow: true }, context))).toMatchObject({
      code: "TOO_MANY_STREAMS",
    });
  });

  it("logs.stop during the opening cancels it: started: false, nothing left running", async () => {
    const { context, hub } = await setup();
    const open = context.docker.openServiceLogs;
    context.docker.openServiceLogs = async (options) => {
      logsStop({ streamId: "stream-1" }, context).catch(() => {});
      return open(options);
    };
    expect(await logsStart({ streamId: "stream-1", service: "shop_web", tail: 10, follow: true }, context)).toEqual({ started: false });
    expect(hub.size).toBe(0);
  });
});
