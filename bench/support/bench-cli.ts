/**
 * What every Wharf bench that talks to a running installation shares: a docker CLI with a private
 * config (its registry login never touches ~/.docker), and a runner that prints a failure, runs
 * the cleanups in order, closes the connections and exits (a CLI is done once the numbers are
 * printed, whatever handle a library leaves open).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeSubscriber } from "@/lib/agent-bus/subscriber";
import { prisma } from "@/lib/db";
import { closeQueues } from "@/lib/queue/enqueue";
import { redis } from "@/lib/redis";

const dockerConfig = mkdtempSync(path.join(os.tmpdir(), "wharf-bench-docker-"));

export function docker(args: string[], input?: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = execFile("docker", args, { env: { ...process.env, DOCKER_CONFIG: dockerConfig } }, (err, _out, stderr) =>
      err ? reject(new Error(stderr || err.message)) : resolve(),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export function runBench(main: () => Promise<void>, cleanup: Array<() => Promise<unknown>>): void {
  main()
    .catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const undo of cleanup) await undo().catch((e: unknown) => process.stderr.write(`cleanup: ${String(e)}\n`));
      rmSync(dockerConfig, { recursive: true, force: true });
      closeSubscriber();
      await closeQueues();
      redis().disconnect();
      await prisma.$disconnect();
      process.exit(process.exitCode ?? 0);
    });
}
