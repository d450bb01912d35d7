/**
 * One Redis subscriber connection per process, shared by everything that listens to bus channels
 * (ioredis needs a dedicated connection in subscribe mode).
 */
import type { Redis } from "ioredis";
import { createRedis } from "@/lib/redis";

type Listener = (message: string) => void;

const globalForBus = globalThis as unknown as { wharfBusSubscriber?: { redis: Redis; listeners: Map<string, Set<Listener>> } };

function state() {
  if (!globalForBus.wharfBusSubscriber) {
    const redis = createRedis();
    const listeners = new Map<string, Set<Listener>>();
    redis.on("message", (channel: string, message: string) => {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    });
    globalForBus.wharfBusSubscriber = { redis, listeners };
  }
  return globalForBus.wharfBusSubscriber;
}

/** Subscribes to a channel; resolves once Redis confirmed. Returns the unsubscribe function. */
export async function subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
  const { redis, listeners } = state();
  let set = listeners.get(channel);
  if (!set) {
    set = new Set();
    listeners.set(channel, set);
    await redis.subscribe(channel);
  }
  set.add(listener);
  return async () => {
    set.delete(listener);
    if (set.size === 0) {
      listeners.delete(channel);
      await redis.unsubscribe(channel);
    }
  };
}

export function closeSubscriber(): void {
  globalForBus.wharfBusSubscriber?.redis.disconnect();
  delete globalForBus.wharfBusSubscriber;
}
