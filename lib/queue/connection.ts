import type { ConnectionOptions } from "bullmq";
import { envValue } from "@/lib/env";
import { createRedis } from "@/lib/redis";

/** BullMQ needs its own connections with maxRetriesPerRequest: null (blocking commands). */
export function bullConnection(): ConnectionOptions {
  return createRedis();
}

export function bullPrefix(): string {
  return `${envValue("REDIS_PREFIX")}:bull`;
}
