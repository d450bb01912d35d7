/**
 * The real docker CLI against the host's engine, with a private DOCKER_CONFIG per test (so logins
 * never touch the machine's ~/.docker and are deleted afterwards). Passwords go through stdin.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type DockerResult = { code: number; stdout: string; stderr: string };

export class DockerCli {
  readonly configDir = mkdtempSync(path.join(os.tmpdir(), "wharf-docker-config-"));

  run(args: string[], options: { input?: string; host?: string; timeoutMs?: number } = {}): Promise<DockerResult> {
    const full = options.host ? ["-H", `unix://${options.host}`, ...args] : args;
    return new Promise((resolve) => {
      const child = execFile(
        "docker",
        full,
        {
          env: { ...process.env, DOCKER_CONFIG: this.configDir, DOCKER_BUILDKIT: "0", DOCKER_CLI_HINTS: "false" },
          timeout: options.timeoutMs ?? 180_000,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
    });
  }

  login(registry: string, username: string, password: string, host?: string) {
    return this.run(["login", registry, "-u", username, "--password-stdin"], { input: password, host });
  }

  /** Builds FROM base with a random payload of `bytes`, so its top layer exists nowhere else. */
  async buildUnique(tag: string, base: string, bytes: number): Promise<DockerResult> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-image-"));
    writeFileSync(path.join(dir, "payload.bin"), randomBytes(bytes));
    writeFileSync(path.join(dir, "Dockerfile"), `FROM ${base}\nCOPY payload.bin /payload.bin\n`);
    try {
      return await this.run(["build", "-q", "-t", tag, dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  cleanup() {
    rmSync(this.configDir, { recursive: true, force: true });
  }
}
