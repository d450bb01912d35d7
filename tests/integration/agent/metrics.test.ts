// The agent's metrics collector against real Docker Engines and this machine's real cgroups: a
// container burning CPU under a 0.5-CPU limit reads close to 100 % (of its limit), its memory limit
// is its own, a container pinging it shows network traffic on both ends, an earlier container of
// the same slot that failed counts as a restart, and containers without the Wharf labels are not
// sampled. Then the same on a netns "machine" whose engine runs with --cgroup-parent, where the
// collector must find the cgroups through the container's pid (and learns the layout once).
import os from "node:os";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsMessageSchema, type ContainerSample, type MetricsMessage } from "@/lib/protocol/metrics";
import { createEngineConnection } from "@/agent/src/docker/engine-connection";
import { createLogger } from "@/agent/src/log/logger";
import { createMetricsCollector, type MetricsCollector } from "@/agent/src/metrics/metrics-collector";
import { createMetricsEngine, type MetricsEngine } from "@/agent/src/metrics/service-containers";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  ensureTestImages,
  removeNetnsNode,
  TEST_IMAGES,
  type NetnsNode,
} from "@/tests/support/runtime/docker-env";
import { removeTestContainers } from "../../support/runtime/remove-test-containers";
import { waitFor } from "../../support/wait-for";

const RUN = `amt${Date.now().toString(36)}`;
const NODE = { name: "amt1", index: 147 };
const MIB = 2 ** 20;

type Started = { id: string; task: string };
let hostDocker: Docker;
let node: NetnsNode | undefined;

function labels(slot: number, task: string, withApp = true): Record<string, string> {
  const service = `${RUN}_web`;
  return {
    "com.docker.swarm.task.id": task,
    "com.docker.swarm.service.name": service,
    "com.docker.swarm.task.name": `${service}.${slot}.${task}`,
    ...(withApp ? { "wharf.app": RUN, "wharf.service": "web" } : {}),
    "wharf.test": RUN,
  };
}

async function start(
  docker: Docker,
  options: { slot: number; task: string; cmd: string[]; withApp?: boolean; host?: Docker.HostConfig; wait?: boolean },
): Promise<Started> {
  const container = await docker.createContainer({
    Image: TEST_IMAGES.busybox,
    Cmd: options.cmd,
    Labels: labels(options.slot, options.task, options.withApp),
    HostConfig: options.host ?? {},
  });
  await container.start();
  if (options.wait) await container.wait();
  return { id: container.id, task: options.task };
}

function collectorFor(socketPath: string): {
  collector: MetricsCollector;
  engine: MetricsEngine;
  inspects: () => number;
  warnings: string[];
} {
  const real = createMetricsEngine(createEngineConnection(socketPath));
  let inspects = 0;
  const engine: MetricsEngine = {
    listServiceContainers: real.listServiceContainers,
    containerPid: (id, o) => (inspects++, real.containerPid(id, o)),
  };
  const warnings: string[] = [];
  const log = createLogger({ level: "warn", write: (line) => warnings.push(line) });
  return { collector: createMetricsCollector({ engine, log, intervalSeconds: 2 }), engine, inspects: () => inspects, warnings };
}

const byTask = (message: MetricsMessage, task: string): ContainerSample | undefined => message.containers.find((c) => c.task === task);

/** Samples every second until `accept` holds for a batch (the first collect only primes the rates). */
async function sampleUntil(collector: MetricsCollector, what: string, accept: (m: MetricsMessage) => boolean): Promise<MetricsMessage> {
  if (!collector.primed) await collector.collect();
  return waitFor(
    what,
    async () => {
      await new Promise((r) => setTimeout(r, 1_000));
      const message = metricsMessageSchema.parse(await collector.collect());
      return accept(message) ? message : null;
    },
    60_000,
    0,
  );
}

beforeAll(async () => {
  await ensureDockerEngine();
  await ensureTestImages();
  hostDocker = dockerClient();
});

afterAll(async () => {
  await removeTestContainers(hostDocker, RUN);
  if (node) {
    await removeTestContainers(dockerClient(node.socketPath), RUN).catch(() => undefined);
    await removeNetnsNode(NODE.name, { purge: true, managerSocketPath: null });
  }
});

describe("metrics collector on this machine's engine", () => {
  let burner: Started;
  let pinger: Started;
  let unlabelled: Started;

  beforeAll(async () => {
    await start(hostDocker, { slot: 1, task: `${RUN}old1`, cmd: ["sh", "-c", "exit 3"], wait: true });
    await start(hostDocker, { slot: 1, task: `${RUN}old2`, cmd: ["sh", "-c", "exit 0"], wait: true });
    burner = await start(hostDocker, {
      slot: 1,
      task: `${RUN}burn`,
      cmd: ["sh", "-c", "while :; do :; done"],
      host: { NanoCpus: 500_000_000, Memory: 64 * MIB },
    });
    const ip = (await hostDocker.getContainer(burner.id).inspect()).NetworkSettings.Networks.bridge?.IPAddress;
    if (!ip) throw new Error("the burner has no address on the default bridge");
    pinger = await start(hostDocker, { slot: 2, task: `${RUN}ping`, cmd: ["ping", "-i", "0.2", "-s", "1000", ip] });
    unlabelled = await start(hostDocker, { slot: 3, task: `${RUN}bare`, cmd: ["sleep", "600"], withApp: false });
  });

  it("reads CPU against the container's limit, its memory, network, restarts and the node", async () => {
    const { collector, warnings } = collectorFor("/var/run/docker.sock");
    // the burner gets its half core unless the machine is saturated; wait for a sample where it did
    const message = await sampleUntil(collector, "the burner at its CPU limit", (m) => (byTask(m, burner.task)?.cpuPercent ?? 0) >= 80);
    const burning = byTask(message, burner.task);
    expect(burning).toMatchObject({
      swarmService: `${RUN}_web`,
      application: RUN,
      service: "web",
      slot: 1,
      memoryLimitBytes: 64 * MIB,
      restarts: 1,
      health: "none",
    });
    // of its 0.5-CPU limit: a busy loop is near 100 %, never the 50 % "of one core" would give, nor more than the limit allows
    expect(burning?.cpuPercent).toBeLessThanOrEqual(115);
    expect(burning?.memoryUsedBytes).toBeGreaterThan(0);
    expect(burning?.container).toBe(burner.id.slice(0, 12));

    const withTraffic = await sampleUntil(
      collector,
      "ping traffic on both containers",
      (m) =>
        (byTask(m, pinger.task)?.networkTxBytesPerSecond ?? 0) > 1_000 && (byTask(m, burner.task)?.networkRxBytesPerSecond ?? 0) > 1_000,
    );
    const pinging = byTask(withTraffic, pinger.task);
    expect(pinging).toMatchObject({ slot: 2, restarts: 0, memoryLimitBytes: os.totalmem() });
    expect(pinging?.cpuPercent).toBeLessThan(50);
    expect(byTask(withTraffic, unlabelled.task)).toBeUndefined();
    expect(withTraffic.node.memoryTotalBytes).toBe(os.totalmem());
    expect(withTraffic.node.containersRunning).toBeGreaterThanOrEqual(2);
    expect(withTraffic.node.cpuPercent).toBeGreaterThan(0);
    expect(warnings).toEqual([]);

    await hostDocker.getContainer(burner.id).remove({ force: true });
    expect(byTask(await collector.collect(), burner.task)).toBeUndefined();
  });
});

describe("metrics collector on an engine with a --cgroup-parent", () => {
  it("finds the cgroups through the container's pid, once, and reads them", async () => {
    node = await ensureNetnsNode(NODE.name, NODE.index);
    await ensureTestImages({ loadInto: [node.socketPath] });
    const docker = dockerClient(node.socketPath);
    const burners = await Promise.all(
      [1, 2].map((slot) =>
        start(docker, {
          slot,
          task: `${RUN}n${slot}`,
          cmd: ["sh", "-c", "while :; do :; done"],
          host: { NanoCpus: 250_000_000, Memory: 32 * MIB },
        }),
      ),
    );
    const { collector, inspects, warnings } = collectorFor(node.socketPath);
    const message = await sampleUntil(collector, "both burners busy", (m) =>
      burners.every((b) => (byTask(m, b.task)?.cpuPercent ?? 0) >= 60),
    );
    for (const b of burners) {
      expect(byTask(message, b.task)).toMatchObject({ memoryLimitBytes: 32 * MIB });
      expect(byTask(message, b.task)?.cpuPercent).toBeLessThanOrEqual(115);
    }
    // the first container's pid taught the collector where this engine puts cgroups
    expect(inspects()).toBe(1);
    expect(warnings).toEqual([]);
  });
});
