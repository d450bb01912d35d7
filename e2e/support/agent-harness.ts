/**
 * The e2e harness's "machine": a Docker engine in its own network namespace and the agent bundle
 * run exactly as the install command's Node.js variant shows it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import {
  ensureDockerEngine,
  ensureNetnsNode,
  ensureTestImages,
  removeNetnsNode,
  resetSwarm,
  type NetnsNode,
} from "../../tests/support/runtime/docker-env";
import { waitFor } from "../../tests/support/wait-for";
import { ensureOssfsStandIn } from "../../tests/support/runtime/ossfs-plugin";

/** The e2e stack's registry: loopback for pushes from this host, the bridge for the machines. */
export const E2E_REGISTRY = {
  push: process.env.E2E_REGISTRY_PUSH ?? "127.0.0.1:5392",
  pull: process.env.E2E_REGISTRY_PULL ?? "10.77.0.1:5392",
};

export type Machine = { node: NetnsNode; agent: ChildProcess | null; stateDir?: string };

export async function startMachine(name: string, index: number): Promise<Machine> {
  await ensureDockerEngine();
  const node = await ensureNetnsNode(name, index, { extraDockerdArgs: `--insecure-registry ${E2E_REGISTRY.pull}` });
  await resetSwarm(node.socketPath);
  return { node, agent: null };
}

/** Runs `echo '<token>' | node wharf-agent.mjs --url … --token-file /dev/stdin` from the command the console showed. */
export function runShownCommand(machine: Machine, command: string): void {
  const url = /--url '([^']+)'/.exec(command)?.[1];
  const token = /echo '([^']+)' \| /.exec(command)?.[1];
  if (!url || !token || !command.endsWith("--token-file /dev/stdin")) throw new Error(`unexpected install command: ${command}`);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-agent-"));
  machine.stateDir = stateDir;
  machine.agent = spawn(
    process.execPath,
    [
      path.resolve(".wharf/agent/wharf-agent.mjs"),
      "--url",
      url,
      "--token-file",
      "/dev/stdin",
      "--state-dir",
      stateDir,
      "--docker-socket",
      machine.node.socketPath,
      "--advertise-addr",
      machine.node.address,
    ],
    { stdio: ["pipe", "ignore", "ignore"] },
  );
  machine.agent.stdin?.end(`${token}\n`);
}

export async function stopMachine(machine: Machine | undefined): Promise<void> {
  if (!machine) return;
  machine.agent?.kill("SIGTERM");
  // HAProxy outlives its agent by design; stop the ones this machine's agent started.
  if (machine.stateDir) stopHaproxies(machine.stateDir);
  await resetSwarm(machine.node.socketPath).catch(() => undefined);
  await removeNetnsNode(machine.node.name).catch(() => undefined);
}

/** Kills every HAProxy master whose pid file is under `<stateDir>/haproxy/<lb>/` (its workers follow). */
export function stopHaproxies(stateDir: string): void {
  const root = path.join(stateDir, "haproxy");
  if (!existsSync(root)) return;
  for (const lb of readdirSync(root)) {
    try {
      const pid = Number(
        readFileSync(path.join(root, lb, "haproxy.pid"), "utf8")
          .trim()
          .split(/\s+/)[0],
      );
      if (pid > 1) {
        // the master leads its own process group (-D): the group takes its workers too
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          process.kill(pid, "SIGKILL");
        }
      }
    } catch {
      // no pid file, or already gone
    }
  }
}

/**
 * A cluster of several machines joined through the API (each agent run as the install command's
 * Node.js variant shows it); images come from the e2e stack's registry.
 */
export async function startCluster(
  request: APIRequestContext,
  origin: string,
  name: string,
  machines: Array<{ name: string; index: number }>,
) {
  await ensureTestImages();
  const started = await Promise.all(machines.map((m) => startMachine(m.name, m.index)));
  await ensureOssfsStandIn(started.map((m) => m.node.socketPath));
  const cluster = (await (await request.post("/api/v1/clusters", { data: { name }, headers: { origin } })).json()) as { id: string };
  for (const [i, machine] of started.entries()) {
    const token = (await (
      await request.post(`/api/v1/clusters/${cluster.id}/join-tokens`, {
        data: { role: i === 0 ? "MANAGER" : "WORKER" },
        headers: { origin },
      })
    ).json()) as { commands: { node: string } };
    runShownCommand(machine, token.commands.node);
    await waitFor(
      `${machine.node.name} to join`,
      async () => {
        const nodes = (await (await request.get(`/api/v1/clusters/${cluster.id}/nodes`)).json()) as {
          items: Array<{ hostname: string; status: string; swarmNodeId: string | null }>;
        };
        return nodes.items.some((n) => n.hostname === machine.node.name && n.status === "READY" && n.swarmNodeId);
      },
      90_000,
      500,
    );
  }
  return { clusterId: cluster.id, machines: started };
}
