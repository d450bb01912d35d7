/**
 * bench/deploy.ts — compose upload → 3 replicas running, through Wharf, next to the same service
 * created directly with `docker service create` on the same engine.
 *
 *   npm run bench:deploy -- [--cluster local] [--runs 3]
 *
 * Needs a running Wharf (npm run up) whose cluster has a connected manager whose Docker socket is
 * this machine's (the "local" cluster). The image is pushed to the hosted registry first, and both
 * paths pull it from there with credentials (`--with-registry-auth` for the direct one), so
 * neither ever looks for it on Docker Hub. Both are timed the same way: from the request until the
 * engine reports 3 running tasks (polled every 100 ms). Wharf's time is then broken down into the
 * phases its deployment record shows. A third path gives the direct service an overlay network of
 * its own first, as compose gives every application (`default`): attaching tasks to an overlay is
 * the engine's largest extra cost here, so the two ratios separate Wharf's own overhead from the
 * network's. Numbers only; nothing is asserted.
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import type { OrgContext } from "@/lib/auth/context";
import { createApplication } from "@/lib/domain/applications/create-application";
import { deleteApplication } from "@/lib/domain/applications/delete-application";
import { prisma } from "@/lib/db";
import { docker as dockerCli, runBench } from "./support/bench-cli";
import { ownerContext } from "./support/owner-context";
import { createApiToken } from "@/lib/domain/tokens/create-api-token";
import { revokeApiToken } from "@/lib/domain/tokens/revoke-api-token";
import { registrySettings } from "@/lib/drivers/registry/settings";

const { values } = parseArgs({
  options: {
    cluster: { type: "string", default: "local" },
    runs: { type: "string", default: "3" },
    image: { type: "string", default: "wharf-test/busybox:1" },
  },
});
let image = values.image;
const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const print = (line: string) => process.stdout.write(`${line}\n`);

async function runningTasks(serviceName: string): Promise<number> {
  const tasks = (await docker.listTasks({ filters: JSON.stringify({ service: [serviceName], "desired-state": ["running"] }) })) as Array<{
    Status?: { State?: string };
  }>;
  return tasks.filter((t) => t.Status?.State === "running").length;
}

async function until3(serviceName: string, started: number): Promise<number> {
  for (;;) {
    try {
      if ((await runningTasks(serviceName)) >= 3) return Date.now() - started;
    } catch {
      // the service does not exist yet
    }
    if (Date.now() - started > 180_000) throw new Error(`${serviceName} did not reach 3 running tasks in 180 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Phase name → milliseconds of one run, in the order they happened. */
type Phases = Array<[string, number]>;
const phaseRuns: Phases[] = [];

/**
 * Where one Wharf deploy spent its time, from the deployment's own record: the request until the
 * deployment was stored, the queue until a worker started it, each step until the next (names
 * without the application's), and the last step until the engine reported 3 running tasks.
 */
async function phasesOf(deploymentId: string, name: string, started: number, running: number): Promise<Phases> {
  const d = await prisma.deployment.findUniqueOrThrow({
    where: { id: deploymentId },
    select: { createdAt: true, startedAt: true, steps: true },
  });
  const steps = (Array.isArray(d.steps) ? d.steps : []) as Array<{ at: string; message: string }>;
  const phases: Phases = [["request → deployment stored", d.createdAt.getTime() - started]];
  let mark = d.startedAt?.getTime() ?? d.createdAt.getTime();
  phases.push(["stored → a worker started it", mark - d.createdAt.getTime()]);
  for (const step of steps) {
    const at = Date.parse(step.at);
    if (at > running) break;
    phases.push([`→ ${step.message.replaceAll(name, "<app>").replace(/ through \S+$/, "")}`, at - mark]);
    mark = at;
  }
  phases.push(["→ the engine reports 3 running tasks", running - mark]);
  return phases;
}

async function viaWharf(ctx: OrgContext, clusterId: string, i: number) {
  const name = `bench-${Date.now().toString(36)}-${i}`;
  const compose = `services:\n  web:\n    image: ${image}\n    deploy:\n      replicas: 3\n`;
  const started = Date.now();
  const { application, deployment } = await createApplication({ ctx, input: { name, clusterId, compose } });
  const ms = await until3(`${name}_web`, started);
  phaseRuns.push(await phasesOf(deployment.id, name, started, started + ms));
  await deleteApplication({ ctx, applicationId: application.id });
  return ms;
}

/**
 * The same service straight through the CLI. With `network`, it is first given an overlay network
 * of its own, as a compose application's services always are (its `default` network): that is the
 * engine-side cost Wharf's deploy carries and the plain command does not.
 */
async function viaDocker(i: number, network: boolean) {
  const name = `bench-direct-${network ? "net-" : ""}${Date.now().toString(36)}-${i}`;
  const started = Date.now();
  if (network) await dockerCli(["network", "create", "--driver", "overlay", "--label", "wharf.bench=1", name]);
  await dockerCli([
    "service",
    "create",
    "--detach",
    "--no-resolve-image",
    "--with-registry-auth",
    "--name",
    name,
    "--replicas",
    "3",
    "--endpoint-mode",
    "dnsrr",
    ...(network ? ["--network", name] : []),
    image,
  ]);
  const ms = await until3(name, started);
  await dockerCli(["service", "rm", name]);
  if (network) await removeNetwork(name);
  return ms;
}

/** A network is removable only once the removed service's tasks have let go of it. */
async function removeNetwork(name: string) {
  for (let tries = 0; ; tries++) {
    try {
      await dockerCli(["network", "rm", name]);
      return;
    } catch (err) {
      if (tries >= 50) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const revokeAfter: Array<() => Promise<unknown>> = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const cluster = await prisma.cluster.findFirst({
    where: { name: values.cluster },
    orderBy: { createdAt: "asc" },
    select: { id: true, orgId: true },
  });
  if (!cluster) throw new Error(`no cluster named ${values.cluster}; run npm run up and sign up first`);
  const ctx = await ownerContext(cluster.orgId, "bench");
  // Serve the image from the hosted registry, in the cluster organisation's namespace.
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: cluster.orgId }, select: { slug: true } });
  const token = await createApiToken({ ctx, input: { name: "bench-deploy", role: "DEVELOPER", expiresInDays: 1 } });
  const host = registrySettings().publicHost;
  image = `${host}/${org.slug}/bench-${values.image.split("/").pop()}`;
  await dockerCli(["login", host, "-u", "token", "--password-stdin"], token.token);
  await dockerCli(["tag", values.image, image]);
  await dockerCli(["push", image]);
  revokeAfter.push(() => revokeApiToken({ ctx, tokenId: token.id }));
  const wharf: number[] = [];
  const direct: number[] = [];
  const directNet: number[] = [];
  for (let i = 0; i < Number(values.runs); i++) {
    wharf.push(await viaWharf(ctx, cluster.id, i));
    direct.push(await viaDocker(i, false));
    directNet.push(await viaDocker(i, true));
    print(
      `run ${i + 1}: Wharf ${wharf.at(-1)} ms, docker service create ${direct.at(-1)} ms, with its own overlay network ${directNet.at(-1)} ms`,
    );
  }
  const w = median(wharf);
  const d = median(direct);
  const dn = median(directNet);
  print("");
  print(`3-replica service, median of ${wharf.length} runs (image ${image})`);
  print(`  Wharf (compose upload → 3 running)                              ${w} ms`);
  print(`  docker service create (→ 3 running)                             ${d} ms   ratio ${(w / d).toFixed(2)}×`);
  print(`  docker network create + service create --network (→ 3 running) ${dn} ms   ratio ${(w / dn).toFixed(2)}×`);
  // no blank line here: `npm run bench` keeps what follows the last one, and both parts belong in it
  print("Wharf's phases (median over the runs; a phase missing from a run counts as absent there)");
  const labels = [...new Set(phaseRuns.flatMap((r) => r.map(([label]) => label)))];
  for (const label of labels) {
    const values = phaseRuns.flatMap((r) => r.filter(([l]) => l === label).map(([, v]) => v));
    print(
      `  ${label.padEnd(60)} ${String(median(values)).padStart(6)} ms${values.length < phaseRuns.length ? `  (in ${values.length} of ${phaseRuns.length} runs)` : ""}`,
    );
  }
}

runBench(main, revokeAfter);
