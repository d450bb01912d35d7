-- CreateEnum
CREATE TYPE "ServiceRunTrigger" AS ENUM ('DEPLOY', 'SCHEDULE', 'MANUAL');

-- CreateEnum
CREATE TYPE "ServiceRunStatus" AS ENUM ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "JobSchedule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "nextTickAt" TIMESTAMP(3) NOT NULL,
    "lastTickAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceRun" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "trigger" "ServiceRunTrigger" NOT NULL,
    "tick" TIMESTAMP(3),
    "iteration" INTEGER,
    "status" "ServiceRunStatus" NOT NULL DEFAULT 'PENDING',
    "exitCode" INTEGER,
    "error" TEXT,
    "requestedBy" TEXT,
    "tasks" JSONB,
    "logs" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "ServiceRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "JobSchedule_serviceId_key" ON "JobSchedule"("serviceId");

-- CreateIndex
CREATE INDEX "JobSchedule_suspended_nextTickAt_idx" ON "JobSchedule"("suspended", "nextTickAt");

-- CreateIndex
CREATE INDEX "JobSchedule_orgId_idx" ON "JobSchedule"("orgId");

-- CreateIndex
CREATE INDEX "ServiceRun_serviceId_createdAt_idx" ON "ServiceRun"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRun_status_idx" ON "ServiceRun"("status");

-- CreateIndex
CREATE INDEX "ServiceRun_orgId_idx" ON "ServiceRun"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRun_serviceId_tick_key" ON "ServiceRun"("serviceId", "tick");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRun_serviceId_iteration_key" ON "ServiceRun"("serviceId", "iteration");

-- AddForeignKey
ALTER TABLE "JobSchedule" ADD CONSTRAINT "JobSchedule_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "AppService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRun" ADD CONSTRAINT "ServiceRun_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "AppService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

