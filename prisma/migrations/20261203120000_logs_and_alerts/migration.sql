-- CreateEnum
CREATE TYPE "LogSinkKind" AS ENUM ('ELASTICSEARCH', 'LOKI', 'ALIYUN_SLS');

-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('SERVICE_CPU', 'SERVICE_MEMORY', 'NODE_CPU', 'NODE_MEMORY', 'TASK_RESTARTS', 'LB_5XX_RATE', 'LB_NO_HEALTHY_BACKEND', 'NODE_UNREACHABLE', 'DEPLOYMENT_FAILED', 'RELEASE_FAILED', 'AUTOSCALING_AT_MAX', 'REGISTRY_QUOTA');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('FIRING', 'RESOLVED');

-- CreateEnum
CREATE TYPE "NotificationChannelKind" AS ENUM ('EMAIL', 'WEBHOOK', 'SLACK', 'DINGTALK');

-- CreateTable
CREATE TABLE "LogStore" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "ttlDays" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogStore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LogIngestState" (
    "nodeId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "epoch" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "droppedTotal" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogIngestState_pkey" PRIMARY KEY ("nodeId")
);

-- CreateTable
CREATE TABLE "LogSink" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "LogSinkKind" NOT NULL,
    "url" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secretEnc" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cursorTs" TIMESTAMP(3),
    "cursorId" BIGINT,
    "shippedTotal" BIGINT NOT NULL DEFAULT 0,
    "lastShippedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LogSink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertRuleKind" NOT NULL,
    "clusterId" TEXT,
    "nodeId" TEXT,
    "applicationId" TEXT,
    "service" TEXT,
    "loadBalancerId" TEXT,
    "threshold" DOUBLE PRECISION,
    "forSeconds" INTEGER NOT NULL DEFAULT 60,
    "severity" "AlertSeverity" NOT NULL DEFAULT 'WARNING',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRuleChannel" (
    "ruleId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,

    CONSTRAINT "AlertRuleChannel_pkey" PRIMARY KEY ("ruleId","channelId")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'FIRING',
    "summary" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "value" DOUBLE PRECISION,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "silencedById" TEXT,
    "lastNotifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertSilence" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "ruleId" TEXT,
    "matchers" JSONB NOT NULL DEFAULT '{}',
    "comment" TEXT NOT NULL,
    "createdById" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "alertmanagerId" TEXT,
    "expiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertSilence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationChannel" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "NotificationChannelKind" NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secretEnc" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "alertId" TEXT,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "responseStatus" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LogStore_orgId_idx" ON "LogStore"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "LogStore_serviceId_name_key" ON "LogStore"("serviceId", "name");

-- CreateIndex
CREATE INDEX "LogIngestState_orgId_idx" ON "LogIngestState"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "LogSink_orgId_name_key" ON "LogSink"("orgId", "name");

-- CreateIndex
CREATE INDEX "AlertRule_orgId_idx" ON "AlertRule"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_orgId_name_key" ON "AlertRule"("orgId", "name");

-- CreateIndex
CREATE INDEX "Alert_orgId_startsAt_idx" ON "Alert"("orgId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_ruleId_fingerprint_startsAt_key" ON "Alert"("ruleId", "fingerprint", "startsAt");

-- CreateIndex
CREATE INDEX "AlertSilence_orgId_endsAt_idx" ON "AlertSilence"("orgId", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationChannel_orgId_name_key" ON "NotificationChannel"("orgId", "name");

-- CreateIndex
CREATE INDEX "NotificationDelivery_channelId_createdAt_idx" ON "NotificationDelivery"("channelId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_nextAttemptAt_idx" ON "NotificationDelivery"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "LogStore" ADD CONSTRAINT "LogStore_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogIngestState" ADD CONSTRAINT "LogIngestState_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LogSink" ADD CONSTRAINT "LogSink_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRuleChannel" ADD CONSTRAINT "AlertRuleChannel_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSilence" ADD CONSTRAINT "AlertSilence_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSilence" ADD CONSTRAINT "AlertSilence_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationChannel" ADD CONSTRAINT "NotificationChannel_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotificationChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ───────────────────────────── log lines (issue 13) ─────────────────────────────
-- Not in schema.prisma: Prisma cannot declare a partitioned table. Read and written with raw SQL
-- by lib/domain/logs (which also creates the daily partitions ahead and drops old ones).

-- Substring search ("quoted" parts of a query) uses trigram indexes. pg_trgm is a trusted
-- extension (PostgreSQL 13+): the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per collected line, partitioned by day (UTC) of `ts`, the time the line was written.
-- The id is a plain bigserial: identity columns are not allowed on partitioned tables in PG 15.
-- Organisation, cluster and node come from the agent's credential; application_id is resolved
-- from the container's wharf.app label within that organisation (null when it is not known).
CREATE TABLE "log_lines" (
    "id"             BIGSERIAL NOT NULL,
    "org_id"         TEXT NOT NULL,
    "cluster_id"     TEXT NOT NULL,
    "node_id"        TEXT NOT NULL,
    "application_id" TEXT,
    "application"    TEXT NOT NULL,
    "service"        TEXT NOT NULL,
    "task"           TEXT,
    "container"      TEXT NOT NULL,
    "store"          TEXT NOT NULL,
    "stream"         TEXT NOT NULL CHECK ("stream" IN ('stdout', 'stderr', 'file')),
    "file"           TEXT,
    "ts"             TIMESTAMPTZ NOT NULL,
    "received_at"    TIMESTAMPTZ NOT NULL DEFAULT now(),
    "epoch"          TEXT NOT NULL,
    "seq"            BIGINT NOT NULL,
    "text"           TEXT NOT NULL,
    "truncated"      BOOLEAN NOT NULL DEFAULT false
) PARTITION BY RANGE ("ts");

-- At-least-once delivery: a batch sent again (its ack was lost) is stored once. `ts` is part of
-- the key because a unique index on a partitioned table must contain the partition key; a re-sent
-- line carries the same ts, so (node, epoch, seq) alone decides.
CREATE UNIQUE INDEX "log_lines_dedup" ON "log_lines" ("node_id", "epoch", "seq", "ts");
-- "show context" and the live tail find lines by id.
CREATE INDEX "log_lines_id" ON "log_lines" ("id");
-- Search newest first within an organisation (every query has org_id = …).
CREATE INDEX "log_lines_org_ts" ON "log_lines" ("org_id", "ts", "id");
-- Filters by application/service/store, and per-store retention.
CREATE INDEX "log_lines_app_service_store_ts" ON "log_lines" ("application_id", "service", "store", "ts");
-- Search: one trigram index serves both kinds of query in lib/domain/logs/log-query.ts — words
-- (case-insensitive, whole words: `text ~* '\mword\M'`) and "quoted substrings" (`text ILIKE
-- '%…%'`). Measured on a 2-CPU machine (bench/logs.ts): a tsvector GIN
-- index and a trigram GIN index together halve ingest (≈11-15k lines/s against ≈19-23k with one of
-- them); without a trigram index a rare substring over 2.5 M lines of an organisation takes 5.5 s
-- (vs 70 ms with it), and the 'simple' text parser splits ids such as "54e0231c992b" into two
-- words, so a request id is not found as a word. The trigram index alone finds both.
CREATE INDEX "log_lines_text_trgm" ON "log_lines" USING GIN ("text" gin_trgm_ops);

-- Lines, bytes and the newest line per store and day, kept by the ingest in the same transaction
-- as the lines (counting millions of lines per request would not do) and by retention.
CREATE TABLE "log_store_stats" (
    "org_id"         TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "service"        TEXT NOT NULL,
    "store"          TEXT NOT NULL,
    "day"            DATE NOT NULL,
    "lines"          BIGINT NOT NULL DEFAULT 0,
    "bytes"          BIGINT NOT NULL DEFAULT 0,
    "last_ts"        TIMESTAMPTZ,
    CONSTRAINT "log_store_stats_pkey" PRIMARY KEY ("application_id", "service", "store", "day")
);
CREATE INDEX "log_store_stats_org" ON "log_store_stats" ("org_id");
