-- CreateEnum
CREATE TYPE "LbDriver" AS ENUM ('HAPROXY', 'ALIYUN_SLB', 'AWS_ELBV2');

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "routingDomain" TEXT,
ADD COLUMN     "trafficRequested" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "trafficSynced" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LoadBalancer" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "driver" "LbDriver" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "credentialsEnc" TEXT,
    "routing" BOOLEAN NOT NULL DEFAULT false,
    "lastSyncAt" TIMESTAMP(3),
    "lastSyncOk" BOOLEAN,
    "lastSyncError" TEXT,
    "applied" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoadBalancer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "domains" TEXT[],
    "certPem" TEXT NOT NULL,
    "keyEnc" TEXT NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeTasks" (
    "nodeId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "tasks" JSONB NOT NULL,
    "hash" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NodeTasks_pkey" PRIMARY KEY ("nodeId")
);

-- CreateIndex
CREATE INDEX "LoadBalancer_orgId_idx" ON "LoadBalancer"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "LoadBalancer_clusterId_name_key" ON "LoadBalancer"("clusterId", "name");

-- CreateIndex
CREATE INDEX "Certificate_orgId_idx" ON "Certificate"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_clusterId_name_key" ON "Certificate"("clusterId", "name");

-- CreateIndex
CREATE INDEX "NodeTasks_clusterId_idx" ON "NodeTasks"("clusterId");

-- AddForeignKey
ALTER TABLE "LoadBalancer" ADD CONSTRAINT "LoadBalancer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LoadBalancer" ADD CONSTRAINT "LoadBalancer_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeTasks" ADD CONSTRAINT "NodeTasks_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

