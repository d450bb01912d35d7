// URL probes (issue 15, `probe.url`) run by the real agent bundle from a netns "machine" (prb1,
// 10.77.0.208) whose engine is a one-node swarm: the agent runs in that machine's network namespace
// (as it does on a customer's machine), connected to a stand-in gateway on the bridge (10.77.0.1).
// Three services with the compiler's probe label (short intervals, so the file stays fast):
// - http: httpd serves /health, then the file is removed 5 s after start (404): the probe fails,
//   the agent kills the container and Swarm replaces the task (a new task id);
// - tcp: a listening port passes, the task is never replaced, and it is reported `passing`;
// - delay: an HTTP probe of a path that never exists with a 6 s initial delay: the container lives
//   at least the delay plus the failures it takes, and is reported `pending` before that.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentMessage, type ReportedTask } from "@/lib/protocol";
import { encodeProbe, PROBE_LABEL, type ProbeDeclaration } from "@/lib/protocol/probe";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  ensureTestImages,
  removeNetnsNode,
  resetSwarm,
  RUNTIME_BRIDGE_ADDRESS,
  TEST_IMAGES,
  type NetnsNode,
} from "@/tests/support/runtime/docker-env";
import { waitFor } from "../../support/wait-for";
import { AgentProcess, buildAgentBundle } from "./support/agent-process";
import { FakeGateway, type GatewayConnection } from "./support/fake-gateway";

const NODE = { name: "prb1", index: 207 };
const SECOND = 1_000_000_000;
const LABELS = { "wharf.app": "prb-test", "wharf.test": "agent-probes" };

let node: NetnsNode;
let workDir: string;
let gateway: FakeGateway;
let agent: AgentProcess | undefined;
let connection: GatewayConnection;

const probe = (p: Partial<ProbeDeclaration> & Pick<ProbeDeclaration, "kind" | "port">): string =>
  encodeProbe({ intervalSeconds: 1, timeoutSeconds: 1, initialDelaySeconds: 0, failureThreshold: 2, ...p });

function serviceSpec(name: string, probeLabel: string, command?: string): Record<string, unknown> {
  return {
    Name: name,
    Labels: { ...LABELS },
    TaskTemplate: {
      ContainerSpec: {
        Image: TEST_IMAGES.busybox,
        Labels: { ...LABELS, [PROBE_LABEL]: probeLabel },
        ...(command ? { Command: ["/bin/sh", "-c", command] } : {}),
        StopGracePeriod: SECOND,
      },
      Networks: [{ Target: "prb-net" }],
      RestartPolicy: { Condition: "any", Delay: SECOND / 2 },
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: "dnsrr" },
  };
}

type SwarmTask = { ID: string; DesiredState: string; Status: { State: string; ContainerStatus?: { ContainerID?: string } } };

async function tasksOf(service: string): Promise<SwarmTask[]> {
  return (await dockerClient(node.socketPath).listTasks({ filters: { service: [service] } })) as SwarmTask[];
}

async function runningTask(service: string, timeoutMs = 30_000): Promise<SwarmTask> {
  return waitFor(
    `a running task of ${service}`,
    async () => (await tasksOf(service)).find((t) => t.Status.State === "running" && t.Status.ContainerStatus?.ContainerID),
    timeoutMs,
    250,
  );
}

/** Every task entry the agent reported for `taskId`, in order. */
function reported(taskId: string): ReportedTask[] {
  return connection.messages.flatMap((m: AgentMessage) => (m.type === "tasks" ? m.tasks.filter((t) => t.taskId === taskId) : []));
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "wharf-probes-it-"));
  await ensureDockerEngine();
  await removeNetnsNode(NODE.name, { purge: true, managerSocketPath: null });
  let bundle: string;
  [node, bundle] = await Promise.all([ensureNetnsNode(NODE.name, NODE.index), buildAgentBundle(path.join(workDir, "wharf-agent.mjs"))]);
  await ensureTestImages({ loadInto: [node.socketPath] });
  await resetSwarm(node.socketPath);
  const docker = dockerClient(node.socketPath);
  await docker.swarmInit({ ListenAddr: `${node.address}:2377`, AdvertiseAddr: node.address });
  await docker.createNetwork({ Name: "prb-net", Driver: "overlay", Labels: { ...LABELS } });
  gateway = new FakeGateway();
  const url = await gateway.start(RUNTIME_BRIDGE_ADDRESS);
  agent = new AgentProcess(
    bundle,
    [
      "--url",
      url,
      "--token",
      "wjt_integration_token_0123456789",
      "--state-dir",
      path.join(workDir, "state"),
      "--docker-socket",
      node.socketPath,
      "--advertise-addr",
      node.address,
    ],
    {},
    ["nsenter", `--net=/run/netns/wharf-${NODE.name}`],
  );
  connection = await gateway.connection(0, 30_000);
}, 240_000);

afterAll(async () => {
  agent?.kill();
  await gateway?.stop();
  if (node) {
    await resetSwarm(node.socketPath).catch(() => {});
    await removeNetnsNode(node.name, { purge: true, managerSocketPath: null });
  }
  await rm(workDir, { recursive: true, force: true });
});

describe("URL probes run by the agent from the node", () => {
  it("replaces a task whose HTTP probe starts failing, keeps a passing TCP one, and waits out the initial delay", async () => {
    const docker = dockerClient(node.socketPath);
    const failLater = "trap 'exit 0' TERM INT; mkdir -p /w; echo ok > /w/health; httpd -f -p 8080 -h /w & sleep 5; rm /w/health; wait";
    await docker.createService(serviceSpec("prb-http", probe({ kind: "http", port: 8080, path: "/health" }), failLater));
    await docker.createService(serviceSpec("prb-tcp", probe({ kind: "tcp", port: 80 })));
    await docker.createService(serviceSpec("prb-delay", probe({ kind: "http", port: 80, path: "/missing", initialDelaySeconds: 6 })));
    const [http, tcp, delay] = await Promise.all([runningTask("prb-http"), runningTask("prb-tcp"), runningTask("prb-delay")]);

    // the delayed probe is reported pending (and out of the pool) while its delay runs
    const pending = await waitFor(
      "the delayed task reported pending",
      async () => reported(delay.ID).find((t) => t.probe === "pending"),
      10_000,
    );
    expect(pending.state).toBe("starting");

    // the HTTP probe passes first (the task takes traffic), then fails and the task is replaced
    const passing = await waitFor(
      "the HTTP task reported passing",
      async () => reported(http.ID).find((t) => t.probe === "passing"),
      15_000,
    );
    expect(passing.state).toBe("running");
    const replacement = await waitFor(
      "a new task of prb-http",
      async () => (await tasksOf("prb-http")).find((t) => t.ID !== http.ID && t.Status.State === "running"),
      40_000,
      250,
    );
    expect(replacement.ID).not.toBe(http.ID);
    const old = (await tasksOf("prb-http")).find((t) => t.ID === http.ID);
    expect(old?.Status.State).toBe("failed");
    const killed = await docker.getContainer(http.Status.ContainerStatus?.ContainerID ?? "").inspect();
    expect(killed.State.ExitCode).toBe(137);
    // it was taken out of the pool (reported `starting`) when its probe failed
    expect(reported(http.ID).some((t) => t.probe === "failing" && t.state === "starting")).toBe(true);

    // the delayed task: killed, but only after its initial delay plus two failed probes one second apart
    await waitFor("a new task of prb-delay", async () => (await tasksOf("prb-delay")).find((t) => t.ID !== delay.ID), 30_000, 250);
    const delayed = await docker.getContainer(delay.Status.ContainerStatus?.ContainerID ?? "").inspect();
    const lived = Date.parse(delayed.State.FinishedAt) - Date.parse(delayed.State.StartedAt);
    expect(delayed.State.ExitCode).toBe(137);
    expect(lived).toBeGreaterThanOrEqual(6_900);
    expect(lived).toBeLessThan(15_000);
    expect(reported(delay.ID).some((t) => t.probe === "failing")).toBe(true);

    // the TCP probe of a listening port passed all along: same task, never failing
    const tcpNow = await runningTask("prb-tcp");
    expect(tcpNow.ID).toBe(tcp.ID);
    expect((await tasksOf("prb-tcp")).length).toBe(1);
    expect(reported(tcp.ID).some((t) => t.probe === "passing" && t.state === "running")).toBe(true);
    expect(reported(tcp.ID).some((t) => t.probe === "failing")).toBe(false);
    // the agent said why it killed the HTTP task
    expect(agent?.logs().some((l) => l.msg.startsWith("probe failed too often"))).toBe(true);
  }, 120_000);
});
