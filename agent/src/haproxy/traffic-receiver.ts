/**
 * Where each load balancer's HAProxy sends its per-request log (traffic-log.ts): one UDP socket
 * per load balancer on 127.0.0.1 only, feeding that load balancer's TrafficRecorder.
 *
 * HAProxy outlives the agent and keeps sending to the port its config names, so the port is
 * remembered in the load balancer's state (LbLogging) and bound again after an agent restart.
 * When it cannot be (another process took it meanwhile), another port is bound and the caller
 * writes it into the state, which makes the config change and HAProxy reload onto it.
 */
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import type { HaproxyTrafficWindow } from "@/lib/protocol/haproxy";
import type { Logger } from "../log/logger";
import type { LbLogging, LbState } from "./lb-state";
import { parseTrafficLine } from "./traffic-log";
import { TrafficRecorder } from "./traffic-recorder";

const LOOPBACK = "127.0.0.1";
/** Room for bursts while the agent's event loop is busy (the kernel caps it at net.core.rmem_max). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

/** One load balancer's view of the traffic logs (what its commands use). */
export type LbTraffic = {
  /**
   * Makes sure the agent listens for this load balancer's log: on `wanted`'s port when it can be
   * bound (or is already), with its key. Returns what the state and config must say.
   */
  attach(wanted: LbLogging | undefined): Promise<LbLogging>;
  /** Tells the recorder which listener and pool HAProxy's backend and server names stand for. */
  learn(state: LbState): void;
  /** The figures over the last `windowMs`; null when the agent does not listen for this load balancer. */
  windows(state: LbState, windowMs: number): HaproxyTrafficWindow[] | null;
  /** Stops listening and forgets the samples (the load balancer is gone from this node). */
  detach(): Promise<void>;
};

export type TrafficLogs = {
  forLb(lbId: string): LbTraffic;
  /** Closes every socket (agent shutdown); HAProxy's lines are lost until an agent listens again. */
  close(): Promise<void>;
};

export type TrafficLogsOptions = {
  log: Logger;
  now: () => number;
  /** Samples held per load balancer. */
  capacity?: number;
};

type Receiver = { socket: dgram.Socket; logging: LbLogging; recorder: TrafficRecorder };

function bindUdp(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: "udp4" });
    const fail = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once("error", fail);
    socket.bind({ address: LOOPBACK, port, exclusive: true }, () => {
      socket.off("error", fail);
      resolve(socket);
    });
  });
}

const closeSocket = (socket: dgram.Socket) => new Promise<void>((resolve) => socket.close(() => resolve()));

export function createTrafficLogs(options: TrafficLogsOptions): TrafficLogs {
  const receivers = new Map<string, Receiver>();

  async function listen(lbId: string, wanted: LbLogging | undefined): Promise<Receiver> {
    const log = options.log.child({ lbId });
    let socket: dgram.Socket | null = null;
    if (wanted) {
      socket = await bindUdp(wanted.port).catch((error: NodeJS.ErrnoException) => {
        log.warn("the traffic log port of this load balancer cannot be bound again: listening on another one (HAProxy reloads onto it)", {
          port: wanted.port,
          error: error.code ?? error.message,
        });
        return null;
      });
    }
    socket ??= await bindUdp(0);
    try {
      socket.setRecvBufferSize(RECEIVE_BUFFER);
    } catch {
      // the default buffer works, with more loss under bursts
    }
    // an agent that is shutting down must not be kept alive by its log sockets
    socket.unref();
    const logging: LbLogging = { port: socket.address().port, key: wanted?.key ?? randomBytes(12).toString("hex") };
    const recorder = new TrafficRecorder({ capacity: options.capacity, since: options.now() });
    socket.on("message", (message) => {
      const sample = parseTrafficLine(message.toString("latin1"), logging.key);
      if (sample) recorder.record(sample, options.now());
    });
    socket.on("error", (error) => log.warn("traffic log socket error", { error: error.message }));
    return { socket, logging, recorder };
  }

  async function detach(lbId: string): Promise<void> {
    const receiver = receivers.get(lbId);
    receivers.delete(lbId);
    if (receiver) await closeSocket(receiver.socket);
  }

  return {
    forLb: (lbId) => ({
      async attach(wanted) {
        const current = receivers.get(lbId);
        // the port already bound wins: the state follows it (a reload if it named another one)
        if (current) return current.logging;
        const receiver = await listen(lbId, wanted);
        receivers.set(lbId, receiver);
        return receiver.logging;
      },
      learn: (state) => receivers.get(lbId)?.recorder.learn(state, options.now()),
      windows: (state, windowMs) => receivers.get(lbId)?.recorder.windows(state, windowMs, options.now()) ?? null,
      detach: () => detach(lbId),
    }),
    async close() {
      await Promise.all([...receivers.keys()].map(detach));
    },
  };
}
