// Issue 9, finding 1, against a real Docker Engine: the hostile compose files of the shared table,
// compiled WITHOUT any policy (as a compromised control plane or a Redis writer could send them),
// go straight to the real agent's command path on a one-node swarm (netns machine wpa1). The
// agent refuses every one with POLICY_VIOLATION and nothing is created; a legal spec still deploys;
// a relaxed cluster policy lets a bind mount through, and --workload-policy strict does not.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCompose } from "@/lib/compose";
import { POLICY_CASES } from "@/tests/support/compose/policy-cases";
import { STRICT_POLICY, UNRESTRICTED_POLICY, workloadPolicySchema } from "@/lib/protocol/workload-policy";
import { execOutput } from "@/tests/support/runtime/container-exec";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  ensureTestImages,
  removeNetnsNode,
  resetSwarm,
  TEST_IMAGES,
  type NetnsNode,
} from "@/tests/support/runtime/docker-env";
import { waitFor } from "../../support/wait-for";
import { run, send, testAgent, type TestAgent } from "./support/agent-harness";

const NODE = { name: "wpa1", index: 45 };
const APP = "wpa";
const NETWORK = "wpa-net";
const HOST_DIR = path.resolve(__dirname, "../../../.wharf/test-results/workload-policy-agent");

let node: NetnsNode;
let agent: TestAgent;
let strictAgent: TestAgent;

type Spec = Record<string, unknown>;

/** The compose case compiled with no policy at all, its image made local and its network real, so only the policy can stop it. */
function compiledSpecs(text: string): { specs: Spec[]; volumes: string[] } {
  const result = loadCompose({ text, appName: APP, orgSlug: "acme", defaults: { policy: UNRESTRICTED_POLICY } });
  if (!result.ok) throw new Error(`unrestricted compile failed: ${JSON.stringify(result.errors)}`);
  const specs = result.services.map((service) => {
    const spec = structuredClone(service.spec) as unknown as {
      TaskTemplate: { ContainerSpec: { Image: string }; Networks: { Target: string }[] };
    };
    spec.TaskTemplate.ContainerSpec.Image = TEST_IMAGES.busybox;
    for (const network of spec.TaskTemplate.Networks) if (network.Target === `${APP}_default`) network.Target = NETWORK;
    return spec as unknown as Spec;
  });
  return { specs, volumes: result.volumes.map((v) => v.Name) };
}

function legalSpec(name: string, extra: { mounts?: unknown[] } = {}): Spec {
  return {
    Name: name,
    Labels: { "wharf.app": APP },
    TaskTemplate: {
      ContainerSpec: {
        Image: TEST_IMAGES.busybox,
        Labels: { "wharf.app": APP },
        StopGracePeriod: 1_000_000_000,
        ...(extra.mounts ? { Mounts: extra.mounts } : {}),
      },
      Networks: [{ Target: NETWORK, Aliases: ["web"] }],
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishMode: "host" }] },
  };
}

async function serviceNames(): Promise<string[]> {
  const services = (await dockerClient(node.socketPath).listServices()) as Array<{ Spec: { Name: string } }>;
  return services.map((s) => s.Spec.Name);
}

async function volumeNames(): Promise<string[]> {
  const answer = (await dockerClient(node.socketPath).listVolumes()) as { Volumes: Array<{ Name: string }> | null };
  return (answer.Volumes ?? []).map((v) => v.Name);
}

async function runningContainer(service: string): Promise<string> {
  return waitFor(
    `a running task of ${service}`,
    async () => {
      const containers = (await dockerClient(node.socketPath).listContainers({
        filters: { label: [`com.docker.swarm.service.name=${service}`] },
      })) as Array<{ Id: string; State: string }>;
      return containers.find((c) => c.State === "running")?.Id ?? null;
    },
    60_000,
    250,
  );
}

function exec(containerId: string, cmd: string[]): Promise<string> {
  return execOutput(dockerClient(node.socketPath).getContainer(containerId), cmd);
}

beforeAll(async () => {
  await ensureDockerEngine();
  await removeNetnsNode(NODE.name, { purge: true, managerSocketPath: null });
  node = await ensureNetnsNode(NODE.name, NODE.index);
  await ensureTestImages({ loadInto: [node.socketPath] });
  agent = testAgent(node);
  strictAgent = testAgent(node, { policyCeiling: STRICT_POLICY });
  await run(agent, "swarm.init", { advertiseAddr: node.address, listenAddr: `${node.address}:2377` });
  await run(agent, "network.ensure", { name: NETWORK, labels: { "wharf.app": APP } });
  rmSync(HOST_DIR, { recursive: true, force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(path.join(HOST_DIR, "marker"), "visible through the bind mount\n");
});

afterAll(async () => {
  if (node) {
    await resetSwarm(node.socketPath).catch(() => undefined);
    await removeNetnsNode(node.name, { purge: true, managerSocketPath: null }).catch(() => undefined);
  }
  rmSync(HOST_DIR, { recursive: true, force: true });
});

describe("finding 1: the real agent refuses hostile specs before the engine creates anything", () => {
  it("a legal spec deploys (the control case)", async () => {
    expect(await run(agent, "service.apply", { spec: legalSpec("wpa_legal") })).toMatchObject({ created: true });
    await runningContainer("wpa_legal");
  });

  for (const c of POLICY_CASES.filter((x) => x.reachesSpec)) {
    it(`${c.name}: compiled without a policy, refused by the agent`, async () => {
      const { specs, volumes } = compiledSpecs(c.text);
      for (const spec of specs) {
        const answer = await send(agent, "service.apply", { spec });
        expect(answer, JSON.stringify(answer.error)).toMatchObject({ ok: false, error: { code: "POLICY_VIOLATION" } });
        expect(answer.error?.message).toMatch(/workload policy/);
        expect(await serviceNames()).not.toContain(spec.Name);
      }
      for (const volume of volumes) expect(await volumeNames()).not.toContain(volume);
    });
  }

  it("the host network named by its ID or an ID prefix is refused too", async () => {
    const networks = (await dockerClient(node.socketPath).listNetworks({ filters: { driver: ["host"] } })) as Array<{ Id: string }>;
    const hostId = networks[0]?.Id ?? "";
    expect(hostId).toMatch(/^[0-9a-f]{64}$/);
    for (const target of [hostId, hostId.slice(0, 12)]) {
      const spec = legalSpec("wpa_hostnet");
      (spec.TaskTemplate as { Networks: unknown[] }).Networks = [{ Target: target }];
      const answer = await send(agent, "service.apply", { spec });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: "POLICY_VIOLATION", message: expect.stringContaining("engine's host network") },
      });
    }
    expect(await serviceNames()).not.toContain("wpa_hostnet");
  });

  it("fields Wharf never produces are refused by name (Privileges, Devices, a top-level Networks)", async () => {
    const spec = legalSpec("wpa_fields");
    const container = (spec.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;
    container.Privileges = { Seccomp: { Mode: "unconfined" }, AppArmor: { Mode: "disabled" } };
    const answer = await send(agent, "service.apply", { spec: { ...spec, Networks: [{ Target: "host" }] } });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: "POLICY_VIOLATION", message: expect.stringMatching(/Wharf never produces .*Privileges/) },
    });
    expect(await serviceNames()).not.toContain("wpa_fields");
  });

  it("a volume that already exists with bind options cannot be mounted by name", async () => {
    await dockerClient(node.socketPath).createVolume({
      Name: "wpa_smuggled",
      Driver: "local",
      DriverOpts: { type: "none", o: "bind", device: HOST_DIR },
    });
    const answer = await send(agent, "service.apply", {
      spec: legalSpec("wpa_smuggle", { mounts: [{ Type: "volume", Source: "wpa_smuggled", Target: "/data" }] }),
    });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: "POLICY_VIOLATION", message: expect.stringContaining("volume wpa_smuggled exists on this node") },
    });
    expect(await serviceNames()).not.toContain("wpa_smuggle");
  });

  it("a relaxed cluster policy lets the bind mount deploy; the container sees the host directory", async () => {
    const policy = workloadPolicySchema.parse({ bindMountPaths: [HOST_DIR] });
    const spec = legalSpec("wpa_bind", { mounts: [{ Type: "bind", Source: HOST_DIR, Target: "/data", ReadOnly: true }] });
    expect(await run(agent, "service.apply", { spec, policy })).toMatchObject({ created: true });
    const container = await runningContainer("wpa_bind");
    expect(await exec(container, ["cat", "/data/marker"])).toContain("visible through the bind mount");
    // another path is still refused under the same relaxed policy
    const other = await send(agent, "service.apply", {
      spec: legalSpec("wpa_bind_etc", { mounts: [{ Type: "bind", Source: "/etc", Target: "/data" }] }),
      policy,
    });
    expect(other).toMatchObject({
      ok: false,
      error: { code: "POLICY_VIOLATION", message: expect.stringContaining(`only ${HOST_DIR} may be bind-mounted`) },
    });
  });

  it("an agent started with --workload-policy strict refuses it whatever the cluster allows", async () => {
    const policy = workloadPolicySchema.parse({ bindMountPaths: [HOST_DIR] });
    const spec = legalSpec("wpa_bind_strict", { mounts: [{ Type: "bind", Source: HOST_DIR, Target: "/data" }] });
    const answer = await send(strictAgent, "service.apply", { spec, policy });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: "POLICY_VIOLATION", message: expect.stringContaining("--workload-policy strict") },
    });
    expect(await serviceNames()).not.toContain("wpa_bind_strict");
  });

  it("network.ensure creates no bridge or macvlan network", async () => {
    const answer = await send(agent, "network.ensure", { name: "wpa-lan", labels: {}, driver: "macvlan", options: { parent: "eth0" } });
    expect(answer).toMatchObject({ ok: false, error: { code: "POLICY_VIOLATION" } });
    const networks = (await dockerClient(node.socketPath).listNetworks()) as Array<{ Name: string }>;
    expect(networks.map((n) => n.Name)).not.toContain("wpa-lan");
  });

  it("only the legal and the allowed services exist at the end", async () => {
    expect((await serviceNames()).sort()).toEqual(["wpa_bind", "wpa_legal"]);
  });
});
