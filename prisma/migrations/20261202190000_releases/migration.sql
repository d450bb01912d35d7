-- CreateEnum
CREATE TYPE "ReleaseStrategy" AS ENUM ('ROLLING', 'BLUE_GREEN', 'CANARY');

-- CreateEnum
CREATE TYPE "ReleaseState" AS ENUM ('PENDING', 'DEPLOYING', 'VERIFYING', 'PROMOTING', 'ROLLING_BACK', 'DONE', 'FAILED', 'ABORTED');

-- CreateTable
CREATE TABLE "Release" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "strategy" "ReleaseStrategy" NOT NULL,
    "state" "ReleaseState" NOT NULL DEFAULT 'PENDING',
    "step" TEXT NOT NULL DEFAULT 'start',
    "fromVersionId" TEXT NOT NULL,
    "toVersionId" TEXT NOT NULL,
    "fromColour" TEXT NOT NULL,
    "toColour" TEXT NOT NULL,
    "services" JSONB NOT NULL,
    "toWeight" INTEGER NOT NULL DEFAULT 0,
    "drained" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "canary" JSONB,
    "stepIndex" INTEGER NOT NULL DEFAULT 0,
    "parallelism" INTEGER NOT NULL DEFAULT 1,
    "envEnc" TEXT,
    "stepStartedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "awaitTraffic" INTEGER,
    "requested" TEXT,
    "rollbackTo" "ReleaseState",
    "error" TEXT,
    "actorLabel" TEXT NOT NULL,
    "activeKey" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Release_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseEvent" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "figures" JSONB,

    CONSTRAINT "ReleaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReleaseSample" (
    "id" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "colour" TEXT NOT NULL,
    "figures" JSONB NOT NULL,

    CONSTRAINT "ReleaseSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Release_activeKey_key" ON "Release"("activeKey");

-- CreateIndex
CREATE INDEX "Release_orgId_createdAt_idx" ON "Release"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Release_state_idx" ON "Release"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Release_applicationId_number_key" ON "Release"("applicationId", "number");

-- CreateIndex
CREATE INDEX "ReleaseEvent_releaseId_at_idx" ON "ReleaseEvent"("releaseId", "at");

-- CreateIndex
CREATE INDEX "ReleaseSample_releaseId_at_idx" ON "ReleaseSample"("releaseId", "at");

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseEvent" ADD CONSTRAINT "ReleaseEvent_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleaseSample" ADD CONSTRAINT "ReleaseSample_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release"("id") ON DELETE CASCADE ON UPDATE CASCADE;

