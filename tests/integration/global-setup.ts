/** Integration tests run against the real PostgreSQL and Redis that scripts/test.sh prepared. */
import { Redis } from "ioredis";
import pg from "pg";
import { deleteRunKeys } from "../support/integration/run-keys";

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.SECRETS_KEY || !process.env.REDIS_PREFIX) {
    throw new Error("Run integration tests through `npm test` (scripts/test.sh), which prepares a test database and Redis prefix.");
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('select 1 from "User" limit 1'); // migrated?
  await client.end();
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  await redis.ping();
  redis.disconnect();
  return async () => {
    // Drop this run's keys (BullMQ queues, liveness, rate limits).
    await deleteRunKeys(process.env.REDIS_PREFIX ?? "");
  };
}
