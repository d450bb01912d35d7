/**
 * Task reports end to end (issue 10, "backends follow the tasks"): the real agent bundle on a real
 * Docker Engine in its own network namespace, the real gateway and worker, PostgreSQL. A swarm
 * service publishes its port in host mode without a fixed port; the agent reports each task with
 * the port the engine chose, its health and its state, and the gateway keeps NodeTasks and the
 * cluster's traffic generation in step — only when the snapshot changes. The service stops on
 * SIGQUIT, which the test app ignores, so a stopping task lingers for its grace period the way a
 * draining server does; the report must say `stopping` before it is gone.
 *
 * Traffic goes only to the machine this test started (10.77.0.x) and to the gateway on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import type { ReportedTask } from "@/lib/protocol/task-report";
import { dockerClient, ensureTestImages, TEST_IMAGES, type NetnsNode } from "@/tests/support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { gatewayHealthy, startAgent, startGateway, stopProcess, waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { createTenant, signUp, uniqueEmail } from "../../support/integration/tenants";
import { connectRawAgent, gatewayCounters, nodeTasksOf, sampleNodeTasks, trafficRequested, type Sample } from "./support/node-tasks-probes";

const SERVICE = "trp-web";
const GRACE_NS = 4_000_000_000;

let cluster: SwarmCluster;
let machine: NetnsNode;
let nodeId: string;
let serviceId: string;

const docker = () => dockerClient(machine.socketPath);
const ours = (tasks: ReportedTask[]) => tasks.filter((t) => t.service === SERVICE);
const states = (s: Sample) =>
  ours(s.tasks)
    .map((t) => `${t.taskId}:${t.state}`)
    .sort();

async function scale(replicas: number): Promise<void> {
  const service = docker().getService(serviceId);
  const info = (await service.inspect()) as { Version: { Index: number }; Spec: Record<string, unknown> };
  await service.update({ version: info.Version.Index, ...info.Spec, Mode: { Replicated: { Replicas: replicas } } });
}

/** The task containers the engine runs for the service, with the host port it chose for each. */
async function engineTasks(): Promise<Array<{ id: string; taskId: string; port: number }>> {
  const list = await docker().listContainers({ filters: JSON.stringify({ label: [`com.docker.swarm.service.name=${SERVICE}`] }) });
  return list.map((c) => ({
    id: c.Id,
    taskId: c.Labels["com.docker.swarm.task.id"] ?? "",
    port: c.Ports.find((p) => p.PrivatePort === 3000 && p.PublicPort)?.PublicPort ?? 0,
  }));
}

/** Waits until the stored snapshot holds exactly the engine's running, healthy tasks of the service. */
async function reportedRunning(count: number): Promise<ReportedTask[]> {
  return waitFor(
    `${count} running healthy task(s) in NodeTasks`,
    async () => {
      const row = await nodeTasksOf(nodeId);
      const tasks = ours(row?.tasks ?? []);
      const engine = await engineTasks();
      const match =
        tasks.length === count &&
        engine.length === count &&
        tasks.every((t) => t.state === "running" && t.health === "healthy" && engine.some((e) => e.taskId === t.taskId));
      return match ? tasks : null;
    },
    90_000,
    100,
  );
}

async function answer(port: number): Promise<string> {
  const res = await fetch(`http://${machine.address}:${port}/`, { signal: AbortSignal.timeout(5_000) });
  return (await res.text()).trim();
}

/**
 * Every task that left the snapshot was reported `stopping` first, stayed stopping (never back to
 * running: a pool must not take it again) and then left for good; returns how many did.
 */
function stoppedBeforeGone(samples: Sample[], taskIds: string[]): number {
  const history = samples.map((s) => states(s).join(",")).join(" | ");
  for (const taskId of taskIds) {
    const stateIn = (s: Sample) => ours(s.tasks).find((t) => t.taskId === taskId)?.state ?? "absent";
    const sequence = samples.map(stateIn).filter((state, i, all) => i === 0 || state !== all[i - 1]);
    const stopping = sequence.indexOf("stopping");
    expect(sequence.slice(Math.max(0, stopping - 1)), `task ${taskId}: running → stopping → absent (${history})`).toEqual([
      "running",
      "stopping",
      "absent",
    ]);
  }
  return taskIds.length;
}

/** Runs `change`, then checks that the cluster's traffic generation moved exactly once per stored snapshot. */
async function countingWrites<T>(change: () => Promise<T>): Promise<{ result: T; writes: number; bumps: number }> {
  const before = { requested: await trafficRequested(cluster.clusterId), writes: (await gatewayCounters(cluster.gatewayPort)).taskWrites };
  const result = await change();
  // a report may still be on its way: let the gateway go quiet before counting
  await new Promise((r) => setTimeout(r, 1_000));
  const writes = (await gatewayCounters(cluster.gatewayPort)).taskWrites - before.writes;
  const bumps = (await trafficRequested(cluster.clusterId)) - before.requested;
  return { result, writes, bumps };
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("task-reports"));
  cluster = await startSwarmCluster({ cookie: owner.cookie, name: "task-reports-it", machines: [{ name: "wtk1", index: 101 }] });
  machine = cluster.machines[0]!;
  await ensureTestImages({ loadInto: [machine.socketPath] });
  nodeId = (
    await prisma.node.findFirstOrThrow({
      where: { clusterId: cluster.clusterId, hostname: machine.name, removedAt: null },
      select: { id: true },
    })
  ).id;
}, 400_000);

afterAll(async () => {
  if (serviceId)
    await docker()
      .getService(serviceId)
      .remove()
      .catch(() => undefined);
  await cluster?.stop();
}, 180_000);

describe("task reports from a real agent", () => {
  it("a task with an engine-chosen host port is reported with that port, starting until healthy; the port answers", async () => {
    const sampler = sampleNodeTasks(nodeId);
    await sampler.started;
    const {
      result: created,
      writes,
      bumps,
    } = await countingWrites(async () => {
      const service = await docker().createService({
        Name: SERVICE,
        TaskTemplate: {
          ContainerSpec: {
            Image: TEST_IMAGES.nodeAppV1,
            // the test app ignores SIGQUIT (PID 1 without a handler): it lingers for the grace period
            StopSignal: "SIGQUIT",
            StopGracePeriod: GRACE_NS,
            HealthCheck: {
              Test: ["CMD", "/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/healthz"],
              Interval: 1_000_000_000,
              Timeout: 2_000_000_000,
              Retries: 3,
            },
          },
          RestartPolicy: { Condition: "any", Delay: 500_000_000 },
        },
        Mode: { Replicated: { Replicas: 1 } },
        // published in host mode without a port: the engine picks one per task
        EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 3000, PublishMode: "host" }] },
      });
      serviceId = service.id;
      return reportedRunning(1);
    });
    await sampler.stop();
    const [task] = created;
    const [engine] = await engineTasks();
    expect(engine?.port).toBeGreaterThan(0);
    expect(task).toEqual({
      taskId: engine?.taskId,
      service: SERVICE,
      state: "running",
      health: "healthy",
      ports: [{ target: 3000, published: engine?.port, protocol: "tcp" }],
    });
    expect(await answer(task!.ports[0]!.published)).toMatch(/^v1 /);
    // reported while its health check had not passed yet: in the snapshot, but not taking traffic
    expect(
      sampler.samples.some((s) =>
        ours(s.tasks).some((t) => t.taskId === task!.taskId && t.state === "starting" && t.health === "starting"),
      ),
    ).toBe(true);
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(bumps).toBe(writes);
  });

  it("scale 1 → 3: every task is reported with its own port, and each answers", async () => {
    const {
      result: tasks,
      writes,
      bumps,
    } = await countingWrites(async () => {
      await scale(3);
      return reportedRunning(3);
    });
    const ports = tasks.map((t) => t.ports[0]?.published ?? 0);
    expect(new Set(ports).size).toBe(3);
    const engine = await engineTasks();
    for (const t of tasks)
      expect(t.ports).toEqual([{ target: 3000, published: engine.find((e) => e.taskId === t.taskId)?.port, protocol: "tcp" }]);
    const answers = await Promise.all(ports.map(answer));
    expect(new Set(answers).size).toBe(3); // three containers, three hostnames
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(bumps).toBe(writes);
  });

  it("scale 3 → 1: the tasks the swarm stops are reported stopping while they still run, then leave", async () => {
    const before = (await engineTasks()).map((t) => t.taskId);
    const sampler = sampleNodeTasks(nodeId);
    await sampler.started;
    const { writes, bumps } = await countingWrites(async () => {
      await scale(1);
      return reportedRunning(1);
    });
    await sampler.stop();
    const kept = ours((await nodeTasksOf(nodeId))?.tasks ?? []).map((t) => t.taskId);
    const removed = before.filter((id) => !kept.includes(id));
    expect(removed).toHaveLength(2);
    expect(stoppedBeforeGone(sampler.samples, removed)).toBe(2);
    // and it was stored before the container finished (the grace period still running)
    for (const taskId of removed) {
      const first = sampler.samples.find((s) => ours(s.tasks).some((t) => t.taskId === taskId && t.state === "stopping"));
      const [container] = await docker().listContainers({
        all: true,
        filters: JSON.stringify({ label: [`com.docker.swarm.task.id=${taskId}`] }),
      });
      if (!container) continue; // the swarm may already have pruned it
      const finishedAt = new Date(
        ((await docker().getContainer(container.Id).inspect()) as { State: { FinishedAt: string } }).State.FinishedAt,
      );
      expect(first!.reportedAt.getTime()).toBeLessThan(finishedAt.getTime());
    }
    expect(bumps).toBe(writes);
  });

  it("docker stop of a task container: reported stopping before it dies; the swarm's replacement follows", async () => {
    const [victim] = await engineTasks();
    const sampler = sampleNodeTasks(nodeId);
    await sampler.started;
    await docker().getContainer(victim!.id).stop({ t: 3 });
    const replacement = await waitFor(
      "the replacement reported",
      async () => {
        const tasks = await reportedRunning(1);
        return tasks[0]?.taskId !== victim!.taskId ? tasks[0] : null;
      },
      90_000,
    );
    await sampler.stop();
    expect(stoppedBeforeGone(sampler.samples, [victim!.taskId])).toBe(1);
    expect(await answer(replacement.ports[0]!.published)).toMatch(/^v1 /);
  });

  it("an identical snapshot re-sent (to a restarted gateway) is not written and asks for no sync", async () => {
    const row = await nodeTasksOf(nodeId);
    const requested = await trafficRequested(cluster.clusterId);
    await stopProcess(cluster.processes.gateway);
    cluster.processes.gateway = startGateway(cluster.gatewayPort);
    await waitFor("the new gateway", () => gatewayHealthy(cluster.gatewayPort));
    // the agent reconnects and sends its snapshot on every new connection
    const counters = await waitFor(
      "the snapshot re-sent",
      async () => {
        const c = await gatewayCounters(cluster.gatewayPort);
        return c.pid === cluster.processes.gateway.pid && c.taskReports >= 1 ? c : null;
      },
      30_000,
    );
    expect(counters.taskWrites).toBe(0);
    expect(await trafficRequested(cluster.clusterId)).toBe(requested);
    const after = await nodeTasksOf(nodeId);
    expect(after?.hash).toBe(row?.hash);
    expect(after?.reportedAt).toEqual(row?.reportedAt);
  });

  it("the agent killed and back: Unreachable and Ready each ask for one sync; its unchanged tasks are not rewritten", async () => {
    const requested = await trafficRequested(cluster.clusterId);
    const writes = (await gatewayCounters(cluster.gatewayPort)).taskWrites;
    await stopProcess(cluster.agents[0]!, "SIGKILL");
    await waitFor("Unreachable", async () => (await prisma.node.findUnique({ where: { id: nodeId } }))?.status === "UNREACHABLE");
    expect(await trafficRequested(cluster.clusterId)).toBe(requested + 1);
    const reportsBefore = (await gatewayCounters(cluster.gatewayPort)).taskReports;
    cluster.agents[0] = startAgent({
      name: machine.name,
      url: `http://127.0.0.1:${cluster.gatewayPort}`,
      stateDir: cluster.stateDirs[0]!,
      dockerSocket: machine.socketPath,
      advertiseAddr: machine.address,
    });
    await waitFor("Ready again", async () => (await prisma.node.findUnique({ where: { id: nodeId } }))?.status === "READY", 30_000);
    await waitFor("its snapshot re-sent", async () => (await gatewayCounters(cluster.gatewayPort)).taskReports > reportsBefore, 30_000);
    expect(await trafficRequested(cluster.clusterId)).toBe(requested + 2);
    expect((await gatewayCounters(cluster.gatewayPort)).taskWrites).toBe(writes);
  });
});

describe("what an agent may write", () => {
  it("a message naming another node, cluster and organisation writes only the sender's own row", async () => {
    const t = await createTenant("trp-hostile");
    const victim = await nodeTasksOf(nodeId);
    const victimRequested = await trafficRequested(cluster.clusterId);
    const hostile = await connectRawAgent(cluster.gatewayPort, t.node.credential, `trp-hostile-machine`);
    const forged: ReportedTask = {
      taskId: "forged-task",
      service: SERVICE,
      state: "running",
      health: "none",
      ports: [{ target: 3000, published: 31999, protocol: "tcp" }],
    };
    hostile.send({ type: "tasks", nodeId, clusterId: cluster.clusterId, orgId: victim?.orgId, tasks: [forged] });
    const own = await waitFor("the sender's own row", () => nodeTasksOf(t.node.id));
    expect(own).toMatchObject({ nodeId: t.node.id, orgId: t.orgId, clusterId: t.cluster.id, tasks: [forged] });
    const after = await nodeTasksOf(nodeId);
    expect({ hash: after?.hash, reportedAt: after?.reportedAt, tasks: ours(after?.tasks ?? []) }).toEqual({
      hash: victim?.hash,
      reportedAt: victim?.reportedAt,
      tasks: ours(victim?.tasks ?? []),
    });
    expect(await trafficRequested(cluster.clusterId)).toBe(victimRequested);

    // an invalid snapshot closes the connection and writes nothing
    hostile.send({ type: "tasks", tasks: [{ ...forged, taskId: "other", ports: [{ target: 0, published: 1, protocol: "tcp" }] }] });
    expect(await hostile.closed).toBe(4005);
    expect((await nodeTasksOf(t.node.id))?.hash).toBe(own.hash);

    // a flood of snapshots is over budget: closed, with at most one write, and the real agent carries on
    const flooder = await connectRawAgent(cluster.gatewayPort, t.node.credential, `trp-hostile-machine`);
    const writes = (await gatewayCounters(cluster.gatewayPort)).taskWrites;
    for (let i = 0; i < 1_500; i++) flooder.send({ type: "tasks", tasks: [forged] });
    expect(await flooder.closed).toBe(4006);
    expect((await gatewayCounters(cluster.gatewayPort)).taskWrites - writes).toBeLessThanOrEqual(1);
    await scale(2);
    expect(await reportedRunning(2)).toHaveLength(2);

    // a drain asks for a sync at once (the same availability again does not); removing the node drops its row
    const patch = (availability: string) =>
      call("PATCH", `/api/v1/nodes/${t.node.id}`, { cookie: t.people.OWNER.cookie, body: { availability } });
    const requested = await trafficRequested(t.cluster.id);
    expect((await patch("DRAIN")).status).toBe(200);
    expect(await trafficRequested(t.cluster.id)).toBe(requested + 1);
    expect((await patch("DRAIN")).status).toBe(200);
    expect(await trafficRequested(t.cluster.id)).toBe(requested + 1);
    const keeper = await connectRawAgent(cluster.gatewayPort, t.node.credential, `trp-hostile-machine`);
    expect((await call("DELETE", `/api/v1/nodes/${t.node.id}`, { cookie: t.people.OWNER.cookie })).status).toBe(200);
    expect(await trafficRequested(t.cluster.id)).toBeGreaterThan(requested + 1);
    await waitFor("the removed node's snapshot deleted", async () => (await nodeTasksOf(t.node.id)) === null, 90_000, 250);
    expect((await prisma.node.findUniqueOrThrow({ where: { id: t.node.id } })).removedAt).not.toBeNull();
    keeper.close();
  });
});
