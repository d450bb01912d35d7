/**
 * bench/agent-metrics.ts — what the agent's metrics sampling costs on a node with many containers.
 *
 *   node --import tsx bench/agent-metrics.ts [--containers 100] [--seconds 60] [--interval 10] [--history 0] [--image wharf-test/busybox:1]
 *
 * Starts `--containers` containers on the local Docker Engine that carry the labels of a Wharf
 * service's Swarm task (com.docker.swarm.task.id/.name, com.docker.swarm.service.name, wharf.app,
 * wharf.service) — plain containers, not a swarm: the agent finds its containers by those labels
 * alone — plus `--history` exited containers per slot (Swarm keeps up to 4 per slot). Then it runs
 * the agent's real sampler (agent/src/metrics: one engine list per interval, cgroup files, /proc)
 * at the default interval for `--seconds` in a plain `node` process of its own, bundled with
 * esbuild as the agent is (bench/support/agent-metrics-sampler.ts; a TypeScript loader would add
 * its own idle CPU), and prints that process's CPU time as a percentage of one core (it does
 * nothing else), CPU and wall time per sample, and bytes per batch. The image must be local
 * (scripts/runtime/build-test-images.sh builds wharf-test/busybox); nothing is pulled. Asserts
 * nothing; removes its containers at the end.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { build } from "esbuild";
import type { SamplerResult } from "./support/agent-metrics-sampler";

const { values } = parseArgs({
  options: {
    containers: { type: "string", default: "100" },
    seconds: { type: "string", default: "60" },
    interval: { type: "string", default: "10" },
    history: { type: "string", default: "0" },
    image: { type: "string", default: "wharf-test/busybox:1" },
    socket: { type: "string", default: "/var/run/docker.sock" },
  },
});
const N = Number(values.containers);
const SECONDS = Number(values.seconds);
const INTERVAL = Number(values.interval);
const HISTORY = Number(values.history);
const RUN = `bench-metrics-${randomBytes(3).toString("hex")}`;
const print = (line: string) => process.stdout.write(`${line}\n`);
const docker = new Docker({ socketPath: values.socket });
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** Labels of a Wharf service's Swarm task container in slot `slot`. */
function taskLabels(slot: number, taskId: string): Record<string, string> {
  const service = `${RUN}_web`;
  return {
    "com.docker.swarm.task.id": taskId,
    "com.docker.swarm.service.name": service,
    "com.docker.swarm.task.name": `${service}.${slot}.${taskId}`,
    "wharf.app": RUN,
    "wharf.service": "web",
    "wharf.bench": RUN,
  };
}

async function startContainers(): Promise<void> {
  const jobs: Array<() => Promise<void>> = [];
  for (let slot = 1; slot <= N; slot++) {
    for (let h = 0; h < HISTORY; h++) {
      jobs.push(async () => {
        const c = await docker.createContainer({
          Image: values.image,
          Cmd: ["sh", "-c", "exit 1"],
          Labels: taskLabels(slot, `old${h}${slot}${RUN}`.slice(0, 25)),
          HostConfig: { NetworkMode: "none" },
        });
        await c.start();
        await c.wait();
      });
    }
    // wakes up now and then, as a mostly idle service does; 0.25 CPU and 64 MiB limits, as services set them
    const cmd = "while :; do sleep 5; echo x >/dev/null; done";
    jobs.push(async () => {
      const c = await docker.createContainer({
        Image: values.image,
        Cmd: ["sh", "-c", cmd],
        Labels: taskLabels(slot, `t${slot}${RUN}`.slice(0, 25)),
        HostConfig: { Memory: 64 * 2 ** 20, NanoCpus: 250_000_000 },
      });
      await c.start();
    });
  }
  for (let i = 0; i < jobs.length; i += 10) await Promise.all(jobs.slice(i, i + 10).map((job) => job()));
}

async function removeContainers(): Promise<void> {
  const mine = await docker.listContainers({ all: true, filters: { label: [`wharf.bench=${RUN}`] } });
  for (let i = 0; i < mine.length; i += 20)
    await Promise.all(
      mine.slice(i, i + 20).map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  print(`removed ${mine.length} containers`);
}

/** Bundles the sampler like the agent (dependencies stay in node_modules) and runs it with plain node. */
async function runSampler(): Promise<SamplerResult> {
  const root = path.resolve(__dirname, "..");
  const outdir = path.join(root, ".wharf/bench");
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, "agent-metrics-sampler.mjs");
  await build({
    entryPoints: [path.join(root, "bench/support/agent-metrics-sampler.ts")],
    outfile,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node18",
    tsconfig: path.join(root, "agent/tsconfig.json"),
    logLevel: "warning",
  });
  const args = [outfile, "--seconds", String(SECONDS), "--interval", String(INTERVAL), "--socket", values.socket];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }, (error, out, err) =>
      error ? reject(new Error(`sampler failed: ${err || error.message}`)) : resolve(out),
    ),
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as SamplerResult;
}

async function main(): Promise<void> {
  await docker
    .getImage(values.image)
    .inspect()
    .catch(() => {
      throw new Error(
        `image ${values.image} is not on this engine (build it with scripts/runtime/build-test-images.sh; nothing is pulled)`,
      );
    });
  const info = await docker.info();
  print(
    `engine ${info.ServerVersion}, cgroup v${info.CgroupVersion ?? "?"} (${info.CgroupDriver}), ${info.NCPU} CPUs; ${N} containers (+${HISTORY * N} exited), interval ${INTERVAL} s, ${SECONDS} s`,
  );
  const t0 = Date.now();
  await startContainers();
  print(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const result = await runSampler();
  const cpus = result.samples.map((x) => x.cpuMs);
  const walls = result.samples.map((x) => x.wallMs);
  const bytes = result.batches.map((x) => x.bytes);
  const sendCpu = result.batches.map((x) => x.sendCpuMs);
  const later = cpus.slice(1);
  print("");
  print(
    `samples                     ${result.samples.length} (the first primes the rates; ${result.batches.length} batches sent, ${result.skipped} ticks skipped)`,
  );
  print(`containers per batch        ${result.batches.map((x) => x.containers).join(", ")}`);
  print(
    `sampler process CPU         ${((result.cpuMs / 1000 / result.wallSeconds) * 100).toFixed(2)} % of one core (${result.cpuMs.toFixed(0)} ms CPU in ${result.wallSeconds.toFixed(1)} s; issue target < 2 %)`,
  );
  print(
    `CPU per sample              first ${cpus[0]?.toFixed(1)} ms (finds the cgroups), then p50 ${percentile(later, 50).toFixed(1)} ms, max ${Math.max(...later).toFixed(1)} ms`,
  );
  print(`CPU per send (zod + JSON)   p50 ${percentile(sendCpu, 50).toFixed(1)} ms`);
  print(`wall time per sample        p50 ${percentile(walls, 50).toFixed(1)} ms, max ${Math.max(...walls).toFixed(1)} ms`);
  print(
    `bytes per batch             p50 ${percentile(bytes, 50)} (${(percentile(bytes, 50) / Math.max(1, N)).toFixed(0)} per container), max ${Math.max(...bytes)}`,
  );
  print(`sampler process RSS         ${(result.rssBytes / 2 ** 20).toFixed(0)} MiB`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await removeContainers().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
    process.exit(process.exitCode ?? 0);
  });
