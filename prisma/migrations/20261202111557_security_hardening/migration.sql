/*
  Warnings:

  - A unique constraint covering the columns `[emailVerifyTokenHash]` on the table `User` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "controlPlaneHost" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "workloadPolicy" JSONB;

-- AlterTable
ALTER TABLE "JoinToken" ADD COLUMN     "maxUses" INTEGER;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "rejoinApprovedAt" TIMESTAMP(3),
ADD COLUMN     "rejoinApprovedById" TEXT,
ADD COLUMN     "rejoinRequestedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "quotaApplications" INTEGER,
ADD COLUMN     "quotaClusters" INTEGER,
ADD COLUMN     "quotaNodes" INTEGER,
ADD COLUMN     "quotaRegistryBytes" BIGINT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "emailVerifySentAt" TIMESTAMP(3),
ADD COLUMN     "emailVerifyTokenHash" TEXT,
ADD COLUMN     "isOperator" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "User_emailVerifyTokenHash_key" ON "User"("emailVerifyTokenHash");

-- Backfill: accounts that exist already keep signing in when an SMTP server is configured later;
-- the first account of an installation is its operator; the first organisation's "local" cluster
-- is the control-plane host (lib/domain/clusters/ensure-local-cluster.ts creates it there).
UPDATE "User" SET "emailVerifiedAt" = "createdAt";
UPDATE "User" SET "isOperator" = true WHERE "id" = (SELECT "id" FROM "User" ORDER BY "createdAt" ASC LIMIT 1);
UPDATE "Cluster" SET "controlPlaneHost" = true
  WHERE "name" = 'local' AND "orgId" = (SELECT "id" FROM "Organization" ORDER BY "createdAt" ASC LIMIT 1);
