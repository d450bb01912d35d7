import { describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "./env";

const KEY = "cd".repeat(32);

describe("configuration", () => {
  it("applies defaults and coerces numbers", () => {
    const env = loadEnv({ SECRETS_KEY: KEY, WORKER_CONCURRENCY: "8" });
    expect(env.WORKER_CONCURRENCY).toBe(8);
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.API_BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it("fails with one message naming every bad setting", () => {
    try {
      loadEnv({ SECRETS_KEY: "short", DATABASE_URL: "mysql://x", WORKER_CONCURRENCY: "zero" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain("SECRETS_KEY: must be 64 hex characters");
      expect(message).toContain("DATABASE_URL: must be a postgresql:// URL");
      expect(message).toContain("WORKER_CONCURRENCY");
    }
  });

  it("requires the secrets key", () => {
    expect(() => loadEnv({})).toThrow(/SECRETS_KEY/);
  });
});
