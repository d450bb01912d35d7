-- CreateTable
CREATE TABLE "AutoscalingRule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'labels',
    "labelsHash" TEXT,
    "maxCpu" DOUBLE PRECISION,
    "minCpu" DOUBLE PRECISION,
    "maxMemory" DOUBLE PRECISION,
    "minMemory" DOUBLE PRECISION,
    "maxInRate" DOUBLE PRECISION,
    "minInRate" DOUBLE PRECISION,
    "maxOutRate" DOUBLE PRECISION,
    "minOutRate" DOUBLE PRECISION,
    "step" INTEGER NOT NULL DEFAULT 1,
    "minInstances" INTEGER NOT NULL DEFAULT 1,
    "maxInstances" INTEGER NOT NULL DEFAULT 10,
    "windowSeconds" INTEGER NOT NULL,
    "cooldownSeconds" INTEGER NOT NULL,
    "scaleInCooldownSeconds" INTEGER NOT NULL,
    "breaches" INTEGER NOT NULL,
    "breachDirection" TEXT,
    "breachCount" INTEGER NOT NULL DEFAULT 0,
    "lastScaledAt" TIMESTAMP(3),
    "lastEvaluatedAt" TIMESTAMP(3),
    "lastValues" JSONB,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutoscalingRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoscalingDecision" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repeats" INTEGER NOT NULL DEFAULT 1,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "fromReplicas" INTEGER NOT NULL,
    "toReplicas" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "explanation" TEXT NOT NULL,
    "deploymentId" TEXT,

    CONSTRAINT "AutoscalingDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AutoscalingRule_serviceId_key" ON "AutoscalingRule"("serviceId");

-- CreateIndex
CREATE INDEX "AutoscalingRule_orgId_idx" ON "AutoscalingRule"("orgId");

-- CreateIndex
CREATE INDEX "AutoscalingDecision_ruleId_at_idx" ON "AutoscalingDecision"("ruleId", "at");

-- CreateIndex
CREATE INDEX "AutoscalingDecision_orgId_at_idx" ON "AutoscalingDecision"("orgId", "at");

-- AddForeignKey
ALTER TABLE "AutoscalingRule" ADD CONSTRAINT "AutoscalingRule_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoscalingRule" ADD CONSTRAINT "AutoscalingRule_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "AppService"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoscalingDecision" ADD CONSTRAINT "AutoscalingDecision_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutoscalingRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

