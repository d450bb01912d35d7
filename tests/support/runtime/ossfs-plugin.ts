/**
 * Starts the local stand-in of the "ossfs" volume driver (scripts/standins/ossfs-volume-plugin.mjs)
 * if it is not already answering, so templates using `driver: ossfs` (the MISSION example) deploy
 * on test engines. A stand-in because Alibaba OSS cannot be reached from here.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import path from "node:path";
import { processesOfRun } from "./run-processes";

export const OSSFS_SOCKET = "/run/docker/plugins/ossfs.sock";
const PLUGIN_SCRIPT = path.resolve(__dirname, "../../../scripts/standins/ossfs-volume-plugin.mjs");

function alive(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: OSSFS_SOCKET, path: "/Plugin.Activate", method: "POST" }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.end("{}");
  });
}

/**
 * Engines discover a legacy plugin lazily and report it (and so let Swarm schedule on it) only once
 * used: "installing" the driver on a machine means using it once there.
 */
async function activateOn(socketPath: string): Promise<void> {
  const docker = (args: string[]) => promisify(execFile)("docker", ["-H", `unix://${socketPath}`, ...args]);
  await docker(["volume", "create", "-d", "ossfs", "-o", "bucket=wharf-probe", "wharf-ossfs-probe"]);
  await docker(["volume", "rm", "wharf-ossfs-probe"]);
}

export async function ensureOssfsStandIn(engineSockets: string[] = []): Promise<void> {
  await startPlugin();
  for (const socket of engineSockets) await activateOn(socket);
}

async function startPlugin(): Promise<void> {
  if (await alive()) return;
  const child = spawn(process.execPath, [PLUGIN_SCRIPT, "--socket", OSSFS_SOCKET], { detached: true, stdio: "ignore" });
  child.unref();
  for (let i = 0; i < 50; i++) {
    if (await alive()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the ossfs stand-in plugin did not start");
}

/**
 * Stops the stand-in if this test run started it (it carries the run's WHARF_TEST_RUN mark, which
 * scripts/test.sh exports): tests leave nothing behind. One started outside a run, or by an earlier
 * run that was killed, is not this run's to stop.
 */
export function stopOssfsStandIn(): void {
  const run = process.env.WHARF_TEST_RUN;
  if (!run) return;
  for (const p of processesOfRun(run).filter((p) => p.cmdline.includes(PLUGIN_SCRIPT))) {
    try {
      process.kill(Number(p.pid), "SIGTERM");
    } catch {
      // it ended meanwhile
    }
  }
}
