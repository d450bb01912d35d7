/**
 * A CommandContext on the fake engine for handler tests: a manager of a fresh swarm by default,
 * a stream hub whose messages are recorded, and a logger whose lines are kept (to show that no
 * secret reaches them).
 */
import type { CommandContext } from "../commands/types";
import { createLogger } from "../log/logger";
import { StreamHub, type StreamMessage } from "../streams/stream-hub";
import { baseEngineInfo, createFakeDocker, type FakeEngine } from "./fake-docker-client";

export type FakeContext = { context: CommandContext; engine: FakeEngine; logLines: string[]; streams: StreamMessage[]; hub: StreamHub };

export function fakeContext({ manager = true, maxStreams = 20 }: { manager?: boolean; maxStreams?: number } = {}): FakeContext {
  const { docker, engine } = createFakeDocker(baseEngineInfo({ Name: "mgr" }));
  if (manager) {
    engine.swarmId = "swarm-1";
    engine.info.Swarm = {
      NodeID: "node-1",
      NodeAddr: "10.0.0.1",
      LocalNodeState: "active",
      ControlAvailable: true,
      Error: "",
      RemoteManagers: [{ NodeID: "node-1", Addr: "10.0.0.1:2377" }],
      Cluster: { ID: "swarm-1" },
    };
  }
  const logLines: string[] = [];
  const streams: StreamMessage[] = [];
  const hub = new StreamHub(maxStreams);
  hub.attach((message) => streams.push(message));
  const log = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  return {
    context: { docker, advertiseAddr: null, log, signal: new AbortController().signal, streams: hub },
    engine,
    logLines,
    streams,
    hub,
  };
}

/** The CommandError (or other error) a handler failed with. */
export async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error(`expected a failure, got ${JSON.stringify(error)}`);
  return error;
}
