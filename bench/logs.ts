/**
 * bench/logs.ts — the built-in log store: sustained ingest and search latency over millions of lines.
 *
 *   node --import tsx bench/logs.ts [--lines 5000000] [--seconds 30] [--agents 4] [--batch 1000] [--searches 20] [--keep]
 *
 * (--seconds 0 skips the ingest part; with --keep a second run reuses the stored lines.)
 *
 * Runs against DATABASE_URL (migrated; use a scratch database — it writes millions of rows). It
 * makes its own organisation, cluster, `--agents` nodes and ten applications, then:
 *  1. stores `--lines` lines spread over the last 7 days for that organisation, fast, with
 *     INSERT … SELECT generate_series (a day at a time), and ANALYZEs them (autovacuum would);
 *  2. ingest: `--agents` simulated agents each send `--batch`-line batches back to back for
 *     `--seconds` through ingestLogs — the function the gateway calls for every `logs` message
 *     (dedup index, stats, ingest state, one transaction each) — and prints lines/s and batch
 *     latency (p50/p99);
 *  3. search: the console's queries through searchLogs (the API's function), each `--searches`
 *     times with varied terms: newest lines, frequent and rare words, rare and frequent
 *     substrings, filters, a time window, the next page, context; prints p50/p99 per kind and overall.
 * The goal: ≥ 20,000 lines/s ingest and search p99 < 500 ms. Asserts nothing; removes its
 * organisation and lines at the end unless --keep (a later run with --keep reuses them).
 */
import "dotenv/config";
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { prisma } from "@/lib/db";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { getLogContext } from "@/lib/domain/logs/get-log-context";
import { dayOf, ensureLogPartitions } from "@/lib/domain/logs/log-partitions";
import { searchLogs } from "@/lib/domain/logs/search-logs";
import { closeSearchPool } from "@/lib/domain/logs/search-race";
import type { LogLine } from "@/lib/protocol/logs";
import type { SearchLogsQuery } from "@/lib/schemas/logs";

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "5000000" },
    seconds: { type: "string", default: "30" },
    agents: { type: "string", default: "4" },
    batch: { type: "string", default: "1000" },
    searches: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
  },
});
const LINES = Number(values.lines);
const SECONDS = Number(values.seconds);
const AGENTS = Number(values.agents);
const BATCH = Number(values.batch);
const SEARCHES = Number(values.searches);
const SLUG = "bench-logs";
const DAY = 86_400_000;
const print = (line: string) => process.stdout.write(`${line}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

const WORDS =
  "error warning info debug request response timeout user order payment cache database connection retry failed success started stopped GET POST PUT DELETE handler worker queue job completed latency upstream downstream session token expired invalid checkout cart inventory shipping email sent received parsed config loaded listening port health check ok slow query took rows bytes memory cpu gc pause thread pool".split(
    " ",
  );

type Setup = { orgId: string; clusterId: string; nodeIds: string[]; apps: Array<{ id: string; name: string }> };

async function setup(): Promise<Setup> {
  const org =
    (await prisma.organization.findUnique({ where: { slug: SLUG }, select: { id: true } })) ??
    (await prisma.organization.create({ data: { name: "Log bench", slug: SLUG }, select: { id: true } }));
  const cluster =
    (await prisma.cluster.findFirst({ where: { orgId: org.id, name: "bench" }, select: { id: true } })) ??
    (await prisma.cluster.create({ data: { orgId: org.id, name: "bench" }, select: { id: true } }));
  const nodeIds: string[] = [];
  for (let i = 0; i < Math.max(AGENTS, 8); i++) {
    const machineId = `bench-logs-${i}`;
    const node =
      (await prisma.node.findFirst({ where: { clusterId: cluster.id, machineId }, select: { id: true } })) ??
      (await prisma.node.create({
        data: {
          orgId: org.id,
          clusterId: cluster.id,
          machineId,
          hostname: machineId,
          credentialHash: randomBytes(32).toString("hex"),
          role: "WORKER",
        },
        select: { id: true },
      }));
    nodeIds.push(node.id);
  }
  const apps: Setup["apps"] = [];
  for (let i = 0; i < 10; i++) {
    const name = `bench-app-${i}`;
    const app =
      (await prisma.application.findFirst({ where: { orgId: org.id, name }, select: { id: true } })) ??
      (await prisma.application.create({ data: { orgId: org.id, clusterId: cluster.id, name }, select: { id: true } }));
    apps.push({ id: app.id, name });
  }
  return { orgId: org.id, clusterId: cluster.id, nodeIds, apps };
}

/** The stored background: a day's share per statement, text from a fixed vocabulary plus ids. */
async function generate(s: Setup): Promise<void> {
  const [have] = await prisma.$queryRaw<
    Array<{ n: bigint }>
  >`SELECT count(*)::bigint AS n FROM log_lines WHERE org_id = ${s.orgId} AND epoch = 'bench-bg'`;
  if (Number(have?.n ?? 0) >= LINES) {
    print(`background: ${Number(have?.n).toLocaleString("en")} lines already stored (--keep from an earlier run)`);
    return;
  }
  await prisma.$executeRaw`DELETE FROM log_lines WHERE org_id = ${s.orgId} AND epoch = 'bench-bg'`;
  const now = Date.now();
  const days = 7;
  await ensureLogPartitions({ days: Array.from({ length: days + 1 }, (_, i) => dayOf(now - i * DAY)) });
  const started = performance.now();
  const perDay = Math.ceil(LINES / days);
  for (let d = 0; d < days; d++) {
    const from = d * perDay + 1;
    const to = Math.min(LINES, (d + 1) * perDay);
    const end = new Date(now - d * DAY - 60_000);
    await prisma.$executeRaw`
      INSERT INTO log_lines (org_id, cluster_id, node_id, application_id, application, service, task, container, store, stream, file, ts, epoch, seq, text, truncated)
      SELECT ${s.orgId}, ${s.clusterId}, (${s.nodeIds}::text[])[1 + i % 8], (${s.apps.map((a) => a.id)}::text[])[1 + i % 10], 'bench-app-' || (i % 10),
             'svc' || (i % 3), 'task' || lpad((i % 50)::text, 10, '0'), 'c' || lpad((i % 50)::text, 11, '0'),
             CASE WHEN i % 4 = 0 THEN 'app' ELSE 'out' END, CASE WHEN i % 4 = 0 THEN 'file' WHEN i % 9 = 0 THEN 'stderr' ELSE 'stdout' END,
             CASE WHEN i % 4 = 0 THEN '/var/log/app/app.log' END,
             ${end}::timestamptz - ((${to} - i) * (interval '1 day' / ${perDay})), 'bench-bg', i,
             concat_ws(' ', upper(w[1 + i % 4]), w[1 + (i * 7) % 60], w[1 + (i * 13 + i / 7) % 60], w[1 + (i * 31 + i / 3) % 60],
               'req=' || substr(md5(i::text), 1, 12), 'user_' || (i % 50000), w[1 + (i * 3) % 59], 'took', (i % 997) || 'ms', w[1 + (i * 11 + i / 5) % 60]),
             false
      FROM (SELECT ${WORDS}::text[] AS w) words, generate_series(${from}::bigint, ${to}::bigint) AS i`;
    print(
      `background: day ${d + 1}/${days} stored (${to.toLocaleString("en")} lines, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  await prisma.$executeRawUnsafe("ANALYZE log_lines");
  print(`background: ${LINES.toLocaleString("en")} lines in ${((performance.now() - started) / 1000).toFixed(0)} s (incl. ANALYZE)`);
}

/** A line as the background's generator writes it (same vocabulary and shape), numbered after them. */
function agentLine(seq: number, i: number, app: string): LogLine {
  const w = (k: number) => WORDS[k % 60] ?? "";
  const f = Math.floor;
  const text = [
    w(i % 4).toUpperCase(),
    w(i * 7),
    w(i * 13 + f(i / 7)),
    w(i * 31 + f(i / 3)),
    `req=${createHash("md5").update(String(i)).digest("hex").slice(0, 12)}`,
    `user_${i % 50000}`,
    WORDS[(i * 3) % 59] ?? "",
    "took",
    `${i % 997}ms`,
    w(i * 11 + f(i / 5)),
  ].join(" ");
  return {
    seq,
    ts: new Date().toISOString(),
    store: "out",
    stream: "stdout",
    application: app,
    service: "svc0",
    task: "task-bench",
    container: "c-bench-0001",
    text,
  };
}

async function ingest(s: Setup): Promise<void> {
  const latencies: number[] = [];
  let lines = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    s.nodeIds.slice(0, AGENTS).map(async (nodeId, a) => {
      const epoch = `bench-${randomBytes(6).toString("hex")}`;
      let seq = 0;
      while (Date.now() < until) {
        const batch = Array.from({ length: BATCH }, () => {
          seq++;
          return agentLine(seq, LINES + a * 1e8 + seq, s.apps[(a + seq) % 10]?.name ?? "x");
        });
        const t0 = performance.now();
        const r = await ingestLogs({
          orgId: s.orgId,
          clusterId: s.clusterId,
          nodeId,
          message: { type: "logs", epoch, lines: batch, droppedTotal: 0 },
        });
        latencies.push(performance.now() - t0);
        lines += r.inserted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  print(
    `ingest: ${lines.toLocaleString("en")} lines in ${seconds.toFixed(1)} s = ${Math.round(lines / seconds).toLocaleString("en")} lines/s (${AGENTS} agents, ${BATCH}-line batches through ingestLogs); batch p50 ${ms(pct(latencies, 50))}, p99 ${ms(pct(latencies, 99))}`,
  );
}

async function search(s: Setup): Promise<void> {
  const rand = (n: number) => Math.floor(Math.random() * n);
  const md5ish = async (i: number) =>
    (await prisma.$queryRaw<Array<{ h: string }>>`SELECT substr(md5(${String(i)}), 1, 12) AS h`)[0]?.h ?? "";
  const kinds: Array<[string, () => Promise<Partial<SearchLogsQuery>>]> = [
    ["newest", async () => ({})],
    ["word (frequent)", async () => ({ q: WORDS[rand(WORDS.length)] })],
    ["two words", async () => ({ q: `${WORDS[rand(30)]} ${WORDS[30 + rand(30)]}` })],
    ["word (rare id)", async () => ({ q: `user_${rand(50000)}` })],
    ["substring (rare)", async () => ({ q: `"${(await md5ish(1 + rand(LINES))).slice(2, 10)}"` })],
    ["substring (frequent)", async () => ({ q: `"ok took"` })],
    ["app + service", async () => ({ applicationId: s.apps[rand(10)]?.id, service: `svc${rand(3)}` })],
    ["app + store + word", async () => ({ applicationId: s.apps[rand(10)]?.id, store: "app", q: WORDS[rand(WORDS.length)] })],
    ["last hour + substring", async () => ({ from: new Date(Date.now() - 3600_000).toISOString(), q: `"user_${rand(500)}"` })],
    [
      "stderr + word, 2 days",
      async () => ({ stream: "stderr", q: WORDS[rand(WORDS.length)], from: new Date(Date.now() - 2 * DAY).toISOString() }),
    ],
  ];
  const all: number[] = [];
  for (const [name, make] of kinds) {
    const times: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const q = await make();
      const t0 = performance.now();
      const page = await searchLogs({ orgId: s.orgId, limit: 100, ...q });
      if (page.nextCursor && i % 2 === 0) await searchLogs({ orgId: s.orgId, limit: 100, ...q, cursor: page.nextCursor });
      times.push(performance.now() - t0);
    }
    all.push(...times);
    print(`search ${name.padEnd(24)} p50 ${ms(pct(times, 50)).padStart(9)}  p99 ${ms(pct(times, 99)).padStart(9)}`);
  }
  const lineIds = (await searchLogs({ orgId: s.orgId, limit: 50, q: "timeout" })).items.map((l) => l.id);
  const ctx: number[] = [];
  for (const lineId of lineIds.slice(0, SEARCHES)) {
    const t0 = performance.now();
    await getLogContext({ orgId: s.orgId, lineId, before: 20, after: 20 });
    ctx.push(performance.now() - t0);
  }
  all.push(...ctx);
  print(`search ${"context (20+20)".padEnd(24)} p50 ${ms(pct(ctx, 50)).padStart(9)}  p99 ${ms(pct(ctx, 99)).padStart(9)}`);
  print(
    `search overall: ${all.length} queries, p50 ${ms(pct(all, 50))}, p99 ${ms(pct(all, 99))} (page of 100, newest first; half of them also fetch the next page)`,
  );
}

async function main() {
  const s = await setup();
  const [{ n } = { n: 0n }] = await prisma.$queryRaw<
    Array<{ n: bigint }>
  >`SELECT count(*)::bigint AS n FROM pg_class WHERE relname = 'log_lines'`;
  if (!n) throw new Error("log_lines does not exist: apply the migrations first (npx prisma migrate deploy)");
  print(
    `log bench: ${LINES.toLocaleString("en")} background lines, ${AGENTS} agents × ${BATCH}-line batches for ${SECONDS} s, ${SEARCHES} searches of each kind`,
  );
  await generate(s);
  if (SECONDS > 0) await ingest(s);
  await search(s);
  const [total] = await prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*)::bigint AS n FROM log_lines WHERE org_id = ${s.orgId}`;
  print(`stored for the bench organisation: ${Number(total?.n ?? 0).toLocaleString("en")} lines`);
  if (!values.keep) {
    print("cleaning up (--keep keeps the lines for the next run)…");
    await prisma.$executeRaw`DELETE FROM log_lines WHERE org_id = ${s.orgId}`;
    await prisma.$executeRaw`DELETE FROM log_store_stats WHERE org_id = ${s.orgId}`;
    await prisma.organization.delete({ where: { id: s.orgId } });
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeSearchPool();
    await prisma.$disconnect();
  });
