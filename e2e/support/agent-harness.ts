/**
 * The e2e harness's "machine": a Docker engine in its own network namespace and the agent bundle
 * run exactly as the install command's Node.js variant shows it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDockerEngine, ensureNetnsNode, removeNetnsNode, resetSwarm, type NetnsNode } from "../../tests/support/runtime/docker-env";

export type Machine = { node: NetnsNode; agent: ChildProcess | null };

export async function startMachine(name: string, index: number): Promise<Machine> {
  await ensureDockerEngine();
  const node = await ensureNetnsNode(name, index);
  await resetSwarm(node.socketPath);
  return { node, agent: null };
}

/** Runs `node wharf-agent.mjs --url … --token …` from the command the console showed. */
export function runShownCommand(machine: Machine, command: string): void {
  const url = /--url '([^']+)'/.exec(command)?.[1];
  const token = /--token '([^']+)'/.exec(command)?.[1];
  if (!url || !token) throw new Error(`unexpected install command: ${command}`);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-agent-"));
  machine.agent = spawn(
    process.execPath,
    [path.resolve(".wharf/agent/wharf-agent.mjs"), "--url", url, "--token", token, "--state-dir", stateDir, "--docker-socket", machine.node.socketPath, "--advertise-addr", machine.node.address],
    { stdio: "ignore" },
  );
}

export async function stopMachine(machine: Machine | undefined): Promise<void> {
  if (!machine) return;
  machine.agent?.kill("SIGTERM");
  await resetSwarm(machine.node.socketPath).catch(() => undefined);
  await removeNetnsNode(machine.node.name).catch(() => undefined);
}
