-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "managerAddr" TEXT,
ADD COLUMN     "swarmManagerTokenEnc" TEXT,
ADD COLUMN     "swarmWorkerTokenEnc" TEXT;

-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "lastErrorAt" TIMESTAMP(3),
ADD COLUMN     "removeRequestedAt" TIMESTAMP(3),
ADD COLUMN     "swarmAvailability" "NodeAvailability",
ADD COLUMN     "swarmLabels" JSONB,
ADD COLUMN     "swarmLeader" BOOLEAN NOT NULL DEFAULT false;
