import { afterAll } from "vitest";

// Integration tests share one database; each test creates its own organisations and users.
process.env.WHARF_PROCESS ??= "test";
// The installation operator of contract tests (support/operator.ts); the first account is one too.
process.env.WHARF_OPERATOR_EMAILS ??= "operator@example.test";

// Close this file's connections so the test process can exit.
afterAll(async () => {
  const [{ prisma }, { redis }, { closeQueues }, { testDb }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/redis"),
    import("@/lib/queue/enqueue"),
    import("../support/integration/db"),
  ]);
  await closeQueues();
  await prisma.$disconnect();
  redis().disconnect();
  await testDb().end();
});
