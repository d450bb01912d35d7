/**
 * bench/lb.ts — how fast load-balancer pools follow the tasks, and how fast a weight change lands.
 *
 *   npm run bench:lb -- [--cluster local] [--changes 12] [--port 18480]
 *
 * Needs a running Wharf (npm run up) whose `local` cluster has its node connected (it is the node
 * labelled wharf.lb=true, so it runs HAProxy). The bench creates an HAProxy load balancer bound to
 * 127.0.0.1, deploys a small app bound to it from the hosted registry, then:
 *  - scales it up and down `--changes` times; for every task the swarm starts or stops, the lag
 *    from the swarm's task state to HAProxy's pool (read from HAProxy's own admin socket) is
 *    recorded — the same measure as the acceptance test (tests/integration/traffic);
 *  - changes the weights of the pool through the driver (the path a blue-green release takes) and
 *    times each change until HAProxy reports the new weights.
 * Prints p50/p99; asserts nothing. Cleans up its application and load balancer.
 */
import "dotenv/config";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prisma } from "@/lib/db";
import { runBench } from "./support/bench-cli";
import { lbBenchSetup, waitUntil } from "./support/lb-bench-setup";
import { createApplication } from "@/lib/domain/applications/create-application";
import { deleteApplication } from "@/lib/domain/applications/delete-application";
import { scaleService } from "@/lib/domain/applications/scale-service";
import { deleteLoadBalancer } from "@/lib/domain/load-balancers/delete-load-balancer";
import { lbDriver } from "@/lib/domain/traffic/lb-driver";
import { toLbHandle } from "@/lib/domain/traffic/lb-handle";
import { requestTrafficSync } from "@/lib/domain/traffic/request-sync";
import { haproxyServers, watchConvergence } from "../tests/support/traffic/traffic-probes";

const { values } = parseArgs({
  options: {
    cluster: { type: "string", default: "local" },
    changes: { type: "string", default: "12" },
    port: { type: "string", default: "18480" },
    image: { type: "string", default: "wharf-test/node-app:1" },
  },
});
const print = (line: string) => process.stdout.write(`${line}\n`);
const cleanup: Array<() => Promise<unknown>> = [];
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

async function main() {
  const { cluster, lbNode, ctx, image } = await lbBenchSetup({
    clusterName: values.cluster,
    bench: "bench-lb",
    localImage: values.image,
    cleanup,
  });

  const suffix = Date.now().toString(36);
  const appName = `benchlb${suffix}`;
  const lb = await prisma.loadBalancer.create({
    data: {
      orgId: cluster.orgId,
      clusterId: cluster.id,
      name: `bench-${suffix}`,
      driver: "HAPROXY",
      settings: { bindAddress: "127.0.0.1" },
    },
  });
  // Once the application is gone (cleanups run in order), the balancer and its HAProxy go too.
  cleanup.push(async () => {
    await waitUntil(
      "the bench application deleted",
      async () => !(await prisma.application.findFirst({ where: { name: appName, orgId: cluster.orgId, deletedAt: null } })),
    );
    await deleteLoadBalancer({ ctx, loadBalancerId: lb.id });
  });
  const compose = `services:\n  web:\n    image: ${image}\n    environment:\n      SHUTDOWN_DELAY_MS: "1000"\n    ports:\n      - "3000"\n    deploy:\n      replicas: 2\n    labels:\n      wharf.lb.port_3000: tcp://${lb.name}:${values.port}\n`;
  const { application } = await createApplication({ ctx, input: { name: appName, clusterId: cluster.id, compose } });
  cleanup.unshift(() => deleteApplication({ ctx, applicationId: application.id }));
  await requestTrafficSync(cluster.id);
  const service = await prisma.appService.findFirstOrThrow({
    where: { applicationId: application.id, name: "web" },
    select: { id: true, swarmName: true },
  });

  const stateDir = process.env.WHARF_STATE_DIR ?? path.resolve(".wharf");
  const socket = path.join(stateDir, "local-agent", "haproxy", lb.id, "admin.sock");
  const machines = [
    { name: "local", hostname: os.hostname(), address: lbNode.address ?? "127.0.0.1", socketPath: "/var/run/docker.sock" },
  ] as unknown as Parameters<typeof watchConvergence>[0]["machines"];
  const watch = (count: number) =>
    watchConvergence({ machines, swarmService: service.swarmName, containerPort: 3000, socket, count, stableMs: 500, timeoutMs: 180_000 });

  await watch(2);
  const lags: number[] = [];
  const sizes = [4, 1, 3, 2];
  for (let i = 0; i < Number(values.changes); i++) {
    const replicas = sizes[i % sizes.length] ?? 2;
    await scaleService({ ctx, applicationId: application.id, serviceId: service.id, replicas });
    const { lags: measured } = await watch(replicas);
    lags.push(...measured.slice(1)); // the first sample is the state before the change
    print(`change ${i + 1}: → ${replicas} replicas; pool lags ${measured.slice(1).join(", ")} ms`);
  }

  // Weight changes through the driver, as a release shifting traffic would make them.
  const driver = lbDriver("haproxy");
  const handle = toLbHandle(lb);
  const weightMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const listener = (await driver.describe(handle)).listeners.find((l) => l.port === Number(values.port));
    const backends = (listener?.backends ?? [])
      .filter((b) => b.state === "active")
      .map((b, j) => ({ id: b.id, address: b.address, port: b.port, pool: b.pool, weight: j === 0 ? 10 + i * 20 : 100 }));
    const target = backends[0]?.weight;
    const started = Date.now();
    await driver.setBackends(handle, { port: Number(values.port), protocol: "tcp" }, backends);
    for (;;) {
      const now = await haproxyServers(socket);
      if (now.some((s) => s.weight === target)) break;
      if (Date.now() - started > 30_000) throw new Error("weight change did not land in 30 s");
      await new Promise((r) => setTimeout(r, 10));
    }
    weightMs.push(Date.now() - started);
  }
  print("");
  print(
    `load-balancer pools following tasks (HAProxy on ${lbNode.address}, ${lags.length} task changes over ${values.changes} scale changes)`,
  );
  print(`  backend convergence  p50 ${percentile(lags, 50)} ms   p99 ${percentile(lags, 99)} ms   max ${Math.max(...lags)} ms`);
  print(
    `  weight change        p50 ${percentile(weightMs, 50)} ms   p99 ${percentile(weightMs, 99)} ms   (${weightMs.length} changes, driver → agent → HAProxy runtime API)`,
  );
}

runBench(main, cleanup);
