// The real agent bundle as a process, against a stand-in gateway on loopback (FakeGateway) and a
// real Docker Engine in a netns node (agt3, 10.77.0.14, one fake GPU) that the agent drives from
// the host through --docker-socket.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES, type AgentMessage } from "@/lib/protocol";
import { ensureDockerEngine, ensureNetnsNode, removeNetnsNode, resetSwarm, type NetnsNode } from "@/tests/support/runtime/docker-env";
import { AgentProcess, buildAgentBundle } from "./support/agent-process";
import { FakeGateway } from "./support/fake-gateway";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";

const JOIN_TOKEN = "wjt_integration_token_0123456789";

let node: NetnsNode;
let bundle: string;
let workDir: string;
let gateway: FakeGateway | undefined;
let gatewayUrl: string;
const agents: AgentProcess[] = [];

const isType =
  <T extends AgentMessage["type"]>(type: T) =>
  (message: AgentMessage): message is Extract<AgentMessage, { type: T }> =>
    message.type === type;

function startAgent(stateDir: string, extra: string[] = []): AgentProcess {
  const agent = new AgentProcess(bundle, [
    "--url",
    gatewayUrl,
    "--state-dir",
    stateDir,
    "--docker-socket",
    node.socketPath,
    "--advertise-addr",
    node.address,
    ...extra,
  ]);
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-it-"));
  await ensureDockerEngine();
  [node, bundle] = await Promise.all([ensureNetnsNode("agt3", 13, { gpus: 1 }), buildAgentBundle(path.join(workDir, "wharf-agent.mjs"))]);
  await resetSwarm(node.socketPath);
});

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.kill();
  await gateway?.stop();
  gateway = undefined;
});

afterAll(async () => {
  if (node) {
    await resetSwarm(node.socketPath).catch(() => {});
    await removeNetnsNode(node.name, { purge: true, managerSocketPath: null });
  }
  await rm(workDir, { recursive: true, force: true });
});

async function freshGateway(): Promise<FakeGateway> {
  const started = new FakeGateway();
  gatewayUrl = await started.start();
  gateway = started;
  return started;
}

describe("wharf-agent process", () => {
  it("joins, connects, heartbeats, runs commands, reconnects, and stops for good when revoked", async () => {
    const gateway = await freshGateway();
    const stateDir = path.join(workDir, "state-main");
    const agent = startAgent(stateDir, ["--token", JOIN_TOKEN]);

    // join: the token and the engine's inventory
    const first = await gateway.connection(0);
    expect(gateway.joins).toHaveLength(1);
    expect(gateway.joins[0]).toMatchObject({ token: JOIN_TOKEN, protocolVersion: PROTOCOL_VERSION, inventory: { hostname: "agt3" } });
    const file = path.join(stateDir, "credential.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
    expect(first.headers["x-wharf-agent-version"]).toBe("0.1.0");

    // hello first, with the netns engine's inventory
    const hello = await first.next(isType("hello"));
    expect(first.messages[0]?.type).toBe("hello");
    expect(hello.inventory).toMatchObject({
      hostname: "agt3",
      cpu: { cores: os.cpus().length },
      memoryBytes: os.totalmem(),
      advertiseAddr: "10.77.0.14",
      gpus: [{ index: 0, id: "GPU-0", source: "generic-resource" }],
      swarm: { state: "inactive" },
    });
    expect(hello.inventory.addresses).toContain("10.77.0.14");

    // heartbeats at the welcome's interval (200 ms)
    await first.next((m): m is AgentMessage => m.type === "heartbeat" && m.seq === 2, 5_000);
    const beat = first.messages.find(isType("heartbeat"));
    expect(beat?.usage.memoryTotalBytes).toBeGreaterThan(0);
    expect(beat?.containers).toEqual({ running: 0, total: 0, unhealthy: 0, services: {} });

    // a command round-trips, the changed inventory follows, unknown commands get a code
    first.send({ type: "command", id: "cmd-init", command: "swarm.init", payload: {}, timeoutMs: 30_000 });
    first.send({ type: "command", id: "cmd-unknown", command: "service.explode", payload: {}, timeoutMs: 30_000 });
    const result = await first.next(
      (m): m is Extract<AgentMessage, { type: "result" }> => m.type === "result" && m.commandId === "cmd-init",
    );
    expect(result).toMatchObject({ ok: true, result: { managerAddr: "10.77.0.14:2377" } });
    const unknown = await first.next(
      (m): m is Extract<AgentMessage, { type: "result" }> => m.type === "result" && m.commandId === "cmd-unknown",
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: "UNKNOWN_COMMAND" } });
    // (an earlier check may catch the engine mid-init, "pending"; the settled state follows)
    const update = await first.next(
      (m): m is Extract<AgentMessage, { type: "inventory" }> => m.type === "inventory" && m.inventory.swarm.state === "active",
    );
    expect(update.inventory.swarm).toMatchObject({ state: "active", isManager: true, managerAddrs: ["10.77.0.14:2377"] });

    // a dropped connection: the agent reconnects (0.5 s ±30 %) with a full hello
    first.ws.terminate();
    const second = await gateway.connection(1, 10_000);
    const hello2 = await second.next(isType("hello"));
    expect(hello2.inventory.swarm.state).toBe("active");
    // the re-sent command id answers the stored result
    second.send({ type: "command", id: "cmd-init", command: "swarm.init", payload: {}, timeoutMs: 30_000 });
    const replay = await second.next(isType("result"));
    expect(replay).toEqual(result);

    // revoked: exit code 3, a clear line, and no reconnect
    second.ws.close(CLOSE_CODES.credentialRevoked, "revoked by an admin");
    expect(await agent.exitCode()).toBe(3);
    expect(
      agent.logs().some((l) => l.level === "error" && /stopping for good: the control plane revoked this node's credential/.test(l.msg)),
    ).toBe(true);
    expect(gateway.connections).toHaveLength(2);

    // no secret in the log
    const credential = [...gateway.credentials][0] ?? "missing";
    expect(agent.stderr).not.toContain(credential);
    expect(agent.stderr).not.toContain(JOIN_TOKEN);
    expect(agent.stderr).not.toMatch(/SWMTKN-1-/);
  });

  it("finding 3: a token file is read, never copied into the state dir, and deleted once joined", async () => {
    const gateway = await freshGateway();
    const stateDir = path.join(workDir, "state-token-file");
    const tokenFile = path.join(workDir, "join-token");
    await writeFile(tokenFile, `${JOIN_TOKEN}\n`, { mode: 0o600 });
    const agent = startAgent(stateDir, ["--token-file", tokenFile]);
    await (await gateway.connection(0)).next(isType("hello"));
    expect(gateway.joins[0]).toMatchObject({ token: JOIN_TOKEN });
    await expect(stat(tokenFile)).rejects.toThrow(/ENOENT/);
    // logs/: the log buffer (agent/src/logs), opened at start
    expect((await readdir(stateDir)).sort()).toEqual(["credential.json", "logs"]);
    expect(await readFile(path.join(stateDir, "credential.json"), "utf8")).not.toContain(JOIN_TOKEN);
    expect(await readFile(`/proc/${agent.child.pid}/cmdline`, "utf8")).not.toContain(JOIN_TOKEN);
    expect(agent.stderr).not.toContain(JOIN_TOKEN);
  });

  it("refused join token: prints the gateway's message and exits 2", async () => {
    const gateway = await freshGateway();
    gateway.joinScript = [{ status: 401, code: "INVALID_JOIN_TOKEN", message: "This join token is not valid for any cluster" }];
    const agent = startAgent(path.join(workDir, "state-refused"), ["--token", "wjt_wrong_token_000000"]);
    expect(await agent.exitCode()).toBe(2);
    expect(agent.stderr).toContain("This join token is not valid for any cluster");
    expect(gateway.connections).toHaveLength(0);
  });

  it("replaces a credential the gateway no longer knows by joining again, and stops cleanly on SIGTERM", async () => {
    const gateway = await freshGateway();
    const stateDir = path.join(workDir, "state-rejoin");
    const firstRun = startAgent(stateDir, ["--token", JOIN_TOKEN]);
    await (await gateway.connection(0)).next(isType("hello"));
    firstRun.child.kill("SIGTERM");
    expect(await firstRun.exitCode()).toBe(0);
    expect((await gateway.connections[0]?.closed)?.code).toBe(1000);

    // the control plane lost the credential (e.g. restored from a backup): the token is used again
    gateway.credentials.clear();
    const secondRun = startAgent(stateDir, ["--token", JOIN_TOKEN]);
    await (await gateway.connection(1)).next(isType("hello"));
    expect(gateway.joins).toHaveLength(2);
    expect(secondRun.logs().some((l) => l.msg.includes("joining again with the join token"))).toBe(true);

    // removed node: exit 3; a restart without a token keeps failing the same way (not a loop)
    gateway.connections[1]?.ws.close(CLOSE_CODES.nodeRemoved, "");
    expect(await secondRun.exitCode()).toBe(3);
    gateway.credentials.clear();
    const thirdRun = startAgent(stateDir);
    expect(await thirdRun.exitCode()).toBe(3);
    expect(thirdRun.stderr).toContain("Unknown node credential");
  });

  it("prints usage errors and --help", async () => {
    const bad = new AgentProcess(bundle, ["--url", "ftp://nowhere"]);
    agents.push(bad);
    expect(await bad.exitCode()).toBe(64);
    expect(bad.stderr).toContain("--url / WHARF_URL: must start with http:// or https://");
    const help = new AgentProcess(bundle, ["--help"]);
    agents.push(help);
    expect(await help.exitCode()).toBe(0);
    expect(help.stdout).toContain("Usage: wharf-agent --url <gateway-url>");
  });
});
