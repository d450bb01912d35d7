import { afterAll, beforeAll } from "vitest";

// Integration tests share one database; each test creates its own organisations and users.
process.env.WHARF_PROCESS ??= "test";
// The installation operator of contract tests (support/operator.ts); the first account is one too.
process.env.WHARF_OPERATOR_EMAILS ??= "operator@example.test";

// Deployments an earlier file left queued or running belong to clusters whose agents are gone (its
// processes stopped with it). A worker this file starts would resume them (as it should after a
// crash) and wait 30 s for a manager each, holding the slots this file's own deployments need and
// its graceful shutdown for the whole grace period: 15 s or more per file. They are closed first,
// and the earlier files' applications are marked deleted: otherwise the applications sweep of this
// file's worker finds them unconverged and starts such a deployment again.
beforeAll(async () => {
  const { testDb } = await import("../support/integration/db");
  await testDb().query(
    `UPDATE "Deployment" SET status = 'FAILED', error = 'left by an earlier test file', "finishedAt" = now()
     WHERE status IN ('QUEUED', 'RUNNING')`,
  );
  await testDb().query(`UPDATE "Application" SET "deletedAt" = now() WHERE "deletedAt" IS NULL`);
});

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
