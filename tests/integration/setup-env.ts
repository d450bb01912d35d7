import { afterAll } from "vitest";

// Integration tests share one database; each test creates its own organisations and users.
process.env.WHARF_PROCESS ??= "test";

// Close this file's connections so the test process can exit.
afterAll(async () => {
  const [{ prisma }, { redis }, { closeQueues }, { testDb }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/redis"),
    import("@/lib/queue/enqueue"),
    import("./support/db"),
  ]);
  await closeQueues();
  await prisma.$disconnect();
  redis().disconnect();
  await testDb().end();
});
