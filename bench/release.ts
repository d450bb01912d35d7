/**
 * bench/release.ts — what a release costs the traffic it replaces: failed requests, how close the
 * split comes to the weights, and how fast a weight change reaches HAProxy.
 *
 *   npm run bench:release -- [--cluster local] [--port 18490] [--rps-concurrency 8] [--image wharf-test/node-app:1]
 *
 * Needs a running Wharf (npm run up) whose `local` cluster has its node connected (the node
 * labelled wharf.lb=true, so it runs HAProxy). The bench creates an HAProxy load balancer bound to
 * 127.0.0.1, deploys a small app (4 replicas answering "<version> <host>") bound to it from the
 * hosted registry, then runs four releases through the domain functions while a bounded load
 * generator (at most 8 loops, a fresh connection per request) sends requests through HAProxy:
 *  1. rolling: failed requests, req/s, duration;
 *  2. blue-green → 80/20 → promote: failed, the measured new-version share over ≥ 2,000 requests,
 *     the weight-change latency (API call → HAProxy's admin socket holds the new weights);
 *  3. blue-green → 50/50 → roll back: the same;
 *  4. canary (steps 10, 50, 100 %, 10 s each): failed, duration, the decisions.
 * Prints one line per scenario, then a summary; asserts nothing. A scenario that fails prints the
 * release's timeline, and the bench goes on once that release has ended. Cleans up its
 * application, load balancer and API token, also on failure.
 */
import "dotenv/config";
import path from "node:path";
import { parseArgs } from "node:util";
import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { createApplication } from "@/lib/domain/applications/create-application";
import { deleteApplication } from "@/lib/domain/applications/delete-application";
import { createLoadBalancer } from "@/lib/domain/load-balancers/create-load-balancer";
import { deleteLoadBalancer } from "@/lib/domain/load-balancers/delete-load-balancer";
import { createRelease } from "@/lib/domain/releases/create-release";
import { promoteRelease, rollbackRelease, setReleaseWeight } from "@/lib/domain/releases/release-actions";
import { createReleaseSchema, type ReleaseOptions, type ReleaseView } from "@/lib/schemas/releases";
import { adminSocket, haproxyServers } from "../tests/support/traffic/traffic-probes";
import { runBench } from "./support/bench-cli";
import { lbBenchSetup, waitUntil } from "./support/lb-bench-setup";
import { poolReport, serviceTaskIds } from "./support/task-pool";
import { eventLines, ReleaseOutcomeError, timeUntilShare, waitForRelease } from "./support/release-watch";
import {
  measureSplit,
  servingVersion,
  splitBetween,
  startVersionLoad,
  type LoadCounts,
  type LoadResult,
  type VersionLoad,
} from "../tests/support/version-load";

const { values } = parseArgs({
  options: {
    cluster: { type: "string", default: "local" },
    port: { type: "string", default: "18490" },
    "rps-concurrency": { type: "string", default: "8" },
    image: { type: "string", default: "wharf-test/node-app:1" },
  },
});
// Bounded whatever is asked: the bench shares its machine (and HAProxy's node) with real work.
const CONCURRENCY = Math.min(8, Math.max(1, Math.trunc(Number(values["rps-concurrency"])) || 8));
const REPLICAS = 4;
const print = (line: string) => process.stdout.write(`${line}\n`);
const cleanup: Array<() => Promise<unknown>> = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const latency = (ms: number | null) => (ms === null ? "not reached" : `${ms} ms`);

type Bench = {
  ctx: OrgContext;
  applicationId: string;
  url: string;
  socket: string;
  backend: RegExp;
  dockerSocket: string;
  compose: (version: string) => string;
};

/** What a scenario hands back: the release as it ended and its own figures, in words. */
type ScenarioResult = { release: ReleaseView; figures: string; details?: string[] };
type Outcome = { name: string; expected: string; ended: string; load: LoadResult; problem: string | null };

async function startRelease(bench: Bench, version: string, release: ReleaseOptions): Promise<ReleaseView> {
  const input = createReleaseSchema.parse({ compose: bench.compose(version), release });
  const { release: view } = await createRelease({ ctx: bench.ctx, applicationId: bench.applicationId, input });
  return view;
}

/** The new colour's running tasks (HAProxy names each server after its task). */
const newColour = (bench: Bench, view: ReleaseView) => serviceTaskIds(bench.dockerSocket, view.services[0]?.to ?? "");

/** A release left running by a failed scenario is rolled back, so the next one can start. */
async function settle(bench: Bench): Promise<void> {
  const active = await prisma.release.findUnique({ where: { activeKey: bench.applicationId }, select: { id: true, number: true } });
  if (!active) return;
  print(`  release #${active.number} still active: rolling it back`);
  await rollbackRelease({ ctx: bench.ctx, releaseId: active.id }).catch((e: unknown) =>
    print(`  roll back refused: ${(e as Error).message}`),
  );
  const ended = await waitForRelease({ ctx: bench.ctx, releaseId: active.id, states: ["done", "aborted", "failed"], timeoutMs: 300_000 });
  print(`  release #${ended.number} ended ${ended.state}`);
}

/** HAProxy's pool in a few words: servers by health status, and any whose port reaches another task over IPv4. */
async function poolText(bench: Bench): Promise<{ text: string; misrouted: string[] }> {
  const report = await poolReport({ socket: bench.socket, backend: bench.backend, socketPath: bench.dockerSocket, containerPort: 80 });
  const wrong = report.misrouted.length
    ? `; ${report.misrouted.length} of ${report.servers.length} servers reach another task or none over IPv4`
    : "";
  return { text: `${report.statuses}${wrong}`, misrouted: report.misrouted };
}

function loadText(r: LoadCounts & { rate?: number }): string {
  return `failed ${r.failed} of ${r.ok + r.failed}${r.rate === undefined ? "" : ` (${r.rate.toFixed(0)} req/s)`}`;
}

async function runScenario(
  bench: Bench,
  name: string,
  expected: string,
  body: (load: VersionLoad) => Promise<ScenarioResult>,
): Promise<Outcome> {
  const before = await servingVersion(bench.url);
  const load = startVersionLoad({ url: bench.url, concurrency: CONCURRENCY, maxMs: 900_000 });
  try {
    const { release, figures, details } = await body(load);
    const result = await load.stop();
    const after = await servingVersion(bench.url);
    const pool = await poolText(bench);
    const line = `${figures}; serving ${before} → ${after}, pool ${pool.text}`;
    print(`${name.padEnd(30)} ${loadText(result).padEnd(34)} ${line}`);
    for (const d of [...(details ?? []), ...pool.misrouted.map((m) => `misrouted: ${m}`)]) print(`    ${d}`);
    for (const e of result.errors.slice(0, 5)) print(`    failed: ${e}`);
    return { name, expected, ended: release.state, load: result, problem: release.state === expected ? null : `ended ${release.state}` };
  } catch (error) {
    const result = await load.stop();
    const message = error instanceof Error ? error.message : String(error);
    print(`${name.padEnd(30)} ${loadText(result).padEnd(34)} FAILED: ${message}`);
    if (error instanceof ReleaseOutcomeError) {
      print(
        `    release #${error.release.number} (${error.release.strategy}), state ${error.release.state}, step "${error.release.step}", error ${error.release.error ?? "none"}; its events:`,
      );
      for (const line of eventLines(error.release)) print(`      ${line}`);
    }
    for (const e of result.errors.slice(0, 5)) print(`    failed: ${e}`);
    await settle(bench);
    return { name, expected, ended: error instanceof ReleaseOutcomeError ? error.release.state : "error", load: result, problem: message };
  }
}

async function rolling(bench: Bench, version: string): Promise<ScenarioResult> {
  const started = Date.now();
  const created = await startRelease(bench, version, { strategy: "rolling" });
  const release = await waitForRelease({ ctx: bench.ctx, releaseId: created.id, states: ["done"] });
  const drains = release.events.filter((e) => e.message.startsWith("Draining old task")).length;
  return { release, figures: `duration ${seconds(Date.now() - started)}, ${drains} old tasks drained` };
}

async function blueGreen(
  bench: Bench,
  load: VersionLoad,
  o: { version: string; weight: number; then: "promote" | "rollback" },
): Promise<ScenarioResult> {
  const { ctx, socket, backend } = bench;
  const started = Date.now();
  const created = await startRelease(bench, o.version, { strategy: "blue-green" });
  const ready = await waitForRelease({ ctx, releaseId: created.id, states: ["verifying"], step: "Waiting for your decision" });
  const readyMs = Date.now() - started;
  // Both colours run; the new one should take nothing until told to.
  const idle = await measureSplit(load, o.version, 300);
  const tasks = await newColour(bench, ready);
  const weighed = Date.now();
  await setReleaseWeight({ ctx, releaseId: ready.id, toWeight: o.weight });
  const apiMs = Date.now() - weighed;
  const weightMs = await timeUntilShare({ socket, backend, tasks, target: o.weight, since: weighed, timeoutMs: 30_000 });
  const split = await measureSplit(load, o.version, 2_000);
  const asked = Date.now();
  await (o.then === "promote" ? promoteRelease : rollbackRelease)({ ctx, releaseId: ready.id });
  const shiftMs = await timeUntilShare({
    socket,
    backend,
    tasks,
    target: o.then === "promote" ? 100 : 0,
    since: asked,
    timeoutMs: 180_000,
  });
  const release = await waitForRelease({ ctx, releaseId: ready.id, states: [o.then === "promote" ? "done" : "aborted"] });
  return {
    release,
    figures: `new version ${split.share.toFixed(1)} % of ${split.total} (target ${o.weight}; ${split.perSecond.toFixed(0)} req/s), weight change ${latency(weightMs)} (API ${apiMs} ms), ${o.then} shift ${latency(shiftMs)}, ${o.then} done ${seconds(Date.now() - asked)}, duration ${seconds(Date.now() - started)}`,
    details: [`new colour ready after ${seconds(readyMs)}; before any weight it took ${idle.share.toFixed(1)} % of ${idle.total}`],
  };
}

/** When HAProxy held each weight the canary set (epoch ms), watched from the moment the release showed it. */
function watchCanaryWeights(bench: Bench) {
  const reached = new Map<number, Promise<number | null>>();
  return {
    saw(view: ReleaseView) {
      if (view.toWeight === 0 || reached.has(view.toWeight)) return;
      const since = Date.now();
      reached.set(
        view.toWeight,
        (async () => {
          const tasks = await newColour(bench, view);
          const ms = await timeUntilShare({
            socket: bench.socket,
            backend: bench.backend,
            tasks,
            target: view.toWeight,
            since,
            timeoutMs: 30_000,
          });
          return ms === null ? null : since + ms;
        })(),
      );
    },
    /** Per step: from the step's event (written with its weight) until HAProxy held that weight. */
    async latencies(release: ReleaseView): Promise<string[]> {
      const out: string[] = [];
      for (const [weight, pending] of reached) {
        const at = await pending;
        const event = release.events.find((e) => e.kind === "canary-step" && e.message.includes(`: ${weight} % of requests`));
        out.push(`${weight} %: ${at === null ? "not reached" : event ? `${at - Date.parse(event.at)} ms` : "no step event"}`);
      }
      return out;
    },
  };
}

async function canary(bench: Bench, load: VersionLoad, version: string): Promise<ScenarioResult> {
  const started = Date.now();
  const created = await startRelease(bench, version, { strategy: "canary", canary: { steps: [10, 50, 100], holdSeconds: 10 } });
  // The answers while each weight was set (from the release's own toWeight; HAProxy follows a moment later).
  const windows: Array<{ weight: number; from: LoadCounts }> = [];
  const weights = watchCanaryWeights(bench);
  const release = await waitForRelease({
    ctx: bench.ctx,
    releaseId: created.id,
    states: ["done"],
    onPoll: (view) => {
      if (windows.at(-1)?.weight !== view.toWeight) windows.push({ weight: view.toWeight, from: load.snapshot() });
      weights.saw(view);
    },
  });
  const end = load.snapshot();
  const shares = windows.map((w, i) => {
    const s = splitBetween(w.from, windows[i + 1]?.from ?? end, version);
    return `${w.weight} % → ${s.share.toFixed(1)} % of ${s.total}`;
  });
  const decisions = ["canary-step", "canary-pass", "abort", "failure", "promote", "done", "aborted", "failed"];
  const passes = release.events.filter((e) => e.kind === "canary-pass").length;
  return {
    release,
    figures: `duration ${seconds(Date.now() - started)}, ${passes} steps passed`,
    details: [
      `weight set → new version's measured share: ${shares.join(", ")}`,
      `weight change (step event → HAProxy): ${(await weights.latencies(release)).join(", ")}`,
      "decisions:",
      ...eventLines(release, decisions).map((l) => `  ${l}`),
    ],
  };
}

async function setUp(): Promise<Bench & { lbAddress: string }> {
  const { cluster, lbNode, ctx, image } = await lbBenchSetup({
    clusterName: values.cluster,
    bench: "bench-release",
    localImage: values.image,
    cleanup,
  });

  const suffix = Date.now().toString(36);
  const appName = `benchrel${suffix}`;
  const lb = await createLoadBalancer({
    ctx,
    clusterId: cluster.id,
    input: { name: `bench-rel-${suffix}`, driver: "haproxy", settings: { bindAddress: "127.0.0.1" } },
  });
  // Once the application is gone (cleanups run in order), the balancer and its HAProxy go too.
  cleanup.push(async () => {
    await waitUntil(
      "the bench application deleted",
      async () => !(await prisma.application.findFirst({ where: { name: appName, orgId: cluster.orgId, deletedAt: null } })),
    );
    await deleteLoadBalancer({ ctx, loadBalancerId: lb.id });
  });
  const compose = (version: string) => `services:
  web:
    image: ${image}
    environment:
      APP_VERSION: ${version}
      PORT: "80"
    ports:
      - "80"
    deploy:
      replicas: ${REPLICAS}
    labels:
      aliyun.lb.port_80: http://${lb.name}:${values.port}
`;
  const { application } = await createApplication({ ctx, input: { name: appName, clusterId: cluster.id, compose: compose("v1") } });
  const bench: Bench = {
    ctx,
    applicationId: application.id,
    compose,
    url: `http://127.0.0.1:${values.port}/`,
    socket: adminSocket(path.join(process.env.WHARF_STATE_DIR ?? path.resolve(".wharf"), "local-agent"), lb.id),
    backend: new RegExp(`^be_http_${values.port}$`),
    dockerSocket: "/var/run/docker.sock",
  };
  // A release still running holds the application: roll it back before deleting.
  cleanup.unshift(() => deleteApplication({ ctx, applicationId: application.id }));
  cleanup.unshift(() => settle(bench));

  await waitUntil(
    "the first deployment",
    async () => {
      const d = await prisma.deployment.findFirst({
        where: { applicationId: application.id },
        orderBy: { createdAt: "desc" },
        select: { status: true, error: true },
      });
      if (d?.status === "FAILED") throw new Error(`the first deployment failed: ${d.error ?? ""}`);
      return d?.status === "SUCCEEDED";
    },
    300_000,
  );
  const inPool = async (healthy: boolean) =>
    (await haproxyServers(bench.socket).catch(() => [])).filter(
      (s) => bench.backend.test(s.backend) && s.weight > 0 && (!healthy || /^(UP|no check)/.test(s.status)),
    ).length === REPLICAS;
  await waitUntil(`HAProxy's pool holds ${REPLICAS} servers`, () => inPool(false), 120_000);
  // Health checks pass within seconds; a server that stays DOWN is reported (first line), not waited for.
  await waitUntil("every server healthy", () => inPool(true), 30_000).catch(() => undefined);
  return { ...bench, lbAddress: lbNode.address ?? "127.0.0.1" };
}

async function main() {
  const bench = await setUp();
  const first = await servingVersion(bench.url);
  const pool = await poolText(bench);
  print(
    `app ${REPLICAS} replicas serving ${first} through HAProxy at ${bench.url} (node ${bench.lbAddress}, pool ${pool.text}); load: ${CONCURRENCY} loops, a fresh connection per request`,
  );
  for (const m of pool.misrouted) print(`    misrouted: ${m}`);
  print("");
  const outcomes: Outcome[] = [];
  outcomes.push(await runScenario(bench, "rolling (4 replicas)", "done", () => rolling(bench, "v2")));
  outcomes.push(
    await runScenario(bench, "blue-green 80/20 → promote", "done", (load) =>
      blueGreen(bench, load, { version: "v3", weight: 20, then: "promote" }),
    ),
  );
  outcomes.push(
    await runScenario(bench, "blue-green 50/50 → roll back", "aborted", (load) =>
      blueGreen(bench, load, { version: "v4", weight: 50, then: "rollback" }),
    ),
  );
  outcomes.push(await runScenario(bench, "canary 10/50/100, hold 10 s", "done", (load) => canary(bench, load, "v5")));

  const requests = outcomes.reduce((n, o) => n + o.load.ok + o.load.failed, 0);
  const failed = outcomes.reduce((n, o) => n + o.load.failed, 0);
  print("");
  print("summary");
  for (const o of outcomes)
    print(
      `  ${o.name.padEnd(30)} ended ${o.ended.padEnd(8)} (expected ${o.expected.padEnd(7)}) ${loadText(o.load)}${o.problem ? `  — ${o.problem}` : ""}`,
    );
  print(
    `  ${requests} requests through HAProxy, ${failed} failed; ${outcomes.filter((o) => !o.problem).length} of ${outcomes.length} releases ended as expected`,
  );
}

runBench(main, cleanup);
