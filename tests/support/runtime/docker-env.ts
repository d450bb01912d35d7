// Docker runtime for integration tests: a real Docker Engine on the host, extra engines in
// network namespaces that play separate customer machines, and locally built test images.
// Thin wrappers around scripts/runtime/*.sh (see scripts/runtime/README.md); they need root.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";

// __dirname, not import.meta: Playwright and Vitest load this file as CommonJS and ESM respectively.
const SCRIPTS_DIR = `${path.resolve(__dirname, "../../../scripts/runtime")}/`;

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";
/** The host's address on the shared bridge: bind a registry or control plane here for the nodes. */
export const RUNTIME_BRIDGE_ADDRESS = "10.77.0.1";
/** Every engine started by these scripts trusts a plain-HTTP registry at this address. */
export const TEST_REGISTRY_ADDRESS = `${RUNTIME_BRIDGE_ADDRESS}:5000`;

export type TestImages = { busybox: string; nodeAppV1: string; nodeAppV2: string };

/** Local names of the test images (not in any registry: use --no-resolve-image / push them). */
export const TEST_IMAGES: Readonly<TestImages> = {
  busybox: "wharf-test/busybox:1",
  nodeAppV1: "wharf-test/node-app:1",
  nodeAppV2: "wharf-test/node-app:2",
};

export type NetnsNode = {
  name: string;
  /** The node's hostname, as swarm reports it (`node.hostname==...`); equal to name. */
  hostname: string;
  /** The node's address on the bridge, 10.77.0.(index+1). */
  address: string;
  socketPath: string;
};

export class RuntimeScriptError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    super(message);
    this.name = "RuntimeScriptError";
  }
}

type RunOptions = { env?: Record<string, string>; timeoutMs: number };

function runScript(script: string, args: string[], { env, timeoutMs }: RunOptions): Promise<string> {
  const file = SCRIPTS_DIR + script;
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const exitCode = typeof error.code === "number" ? error.code : null;
        const why = error.killed ? `timed out after ${timeoutMs} ms` : exitCode !== null ? `exit code ${exitCode}` : error.message;
        const tail = stderr.trim().split("\n").slice(-30).join("\n");
        reject(new RuntimeScriptError(`${command} failed (${why})${tail ? `:\n${tail}` : ""}`, command, exitCode, stderr, stdout));
      },
    );
  });
}

export type EnsureDockerEngineOptions = {
  /** Where the host's (single) engine listens; default /var/run/docker.sock. */
  socketPath?: string;
  /** dockerd's log file (default /var/log/dockerd.log). */
  logFile?: string;
  /** Extra dockerd flags, space separated; must not contain --live-restore (swarm). */
  extraArgs?: string;
};

/** Installs (if missing) and starts the host's Docker Engine; returns its socket path. */
export async function ensureDockerEngine(options: EnsureDockerEngineOptions = {}): Promise<string> {
  const socketPath = options.socketPath ?? DEFAULT_DOCKER_SOCKET;
  const env: Record<string, string> = { DOCKER_SOCK: socketPath };
  if (options.logFile) env.DOCKERD_LOG = options.logFile;
  if (options.extraArgs) env.DOCKERD_EXTRA_ARGS = options.extraArgs;
  // a fresh machine runs apt-get update + install first (about 20 s here)
  await runScript("docker-up.sh", [], { env, timeoutMs: 300_000 });
  return socketPath;
}

export type EnsureTestImagesOptions = {
  /** Engine to build in (default: the host's). */
  socketPath?: string;
  /** Also tag and push to this registry prefix, e.g. "10.77.0.1:5000/wharf-test". */
  pushTo?: string;
  /** Also copy the images into these engines (docker save | load), e.g. netns nodes. */
  loadInto?: string[];
};

export type EnsuredTestImages = TestImages & {
  /** The pushed references, when pushTo was given. */
  pushed?: TestImages;
};

/** Builds the test images if needed (cached: ~0.15 s), optionally pushing/loading them. */
export async function ensureTestImages(options: EnsureTestImagesOptions = {}): Promise<EnsuredTestImages> {
  const args: string[] = [];
  if (options.pushTo) args.push("--push", options.pushTo);
  for (const socket of options.loadInto ?? []) args.push("--load-into", socket);
  const env = { DOCKER_SOCK: options.socketPath ?? DEFAULT_DOCKER_SOCKET };
  await runScript("build-test-images.sh", args, { env, timeoutMs: 600_000 });
  if (!options.pushTo) return { ...TEST_IMAGES };
  const prefix = options.pushTo.replace(/\/+$/, "");
  const pushedRef = (local: string) => `${prefix}/${local.replace(/^wharf-test\//, "")}`;
  return {
    ...TEST_IMAGES,
    pushed: {
      busybox: pushedRef(TEST_IMAGES.busybox),
      nodeAppV1: pushedRef(TEST_IMAGES.nodeAppV1),
      nodeAppV2: pushedRef(TEST_IMAGES.nodeAppV2),
    },
  };
}

/** Creates the shared bridge (10.77.0.1) without any node, e.g. to bind a registry there first. */
export async function ensureRuntimeBridge(): Promise<string> {
  await runScript("netns-node.sh", ["bridge"], { timeoutMs: 60_000 });
  return RUNTIME_BRIDGE_ADDRESS;
}

/** Removes the shared bridge if no netns node uses it any more (no-op otherwise). */
export async function removeRuntimeBridge(): Promise<void> {
  await runScript("netns-node.sh", ["bridge", "down"], { timeoutMs: 60_000 });
}

export type NetnsNodeOptions = {
  /** Fake GPUs to advertise (generic resource kind "gpu": GPU-0, GPU-1, ...). */
  gpus?: number;
  /** State directory (default /var/lib/wharf-runtime). */
  runtimeDir?: string;
  /** Extra dockerd flags for this node, space separated. */
  extraDockerdArgs?: string;
};

function runtimeEnv(runtimeDir: string | undefined): Record<string, string> {
  return runtimeDir ? { WHARF_RUNTIME_DIR: runtimeDir } : {};
}

/**
 * Starts (or finds running) a Docker Engine in netns `wharf-<name>` at 10.77.0.(index+1),
 * with hostname `name`. Index 1..253, unique per running node.
 */
export async function ensureNetnsNode(name: string, index: number, options: NetnsNodeOptions = {}): Promise<NetnsNode> {
  if (!Number.isInteger(index) || index < 1 || index > 253) {
    throw new RangeError(`netns node index must be an integer in 1..253, got ${index}`);
  }
  const env = runtimeEnv(options.runtimeDir);
  env.NODE_GPUS = String(options.gpus ?? 0);
  if (options.extraDockerdArgs) env.NODE_DOCKERD_EXTRA_ARGS = options.extraDockerdArgs;
  const stdout = await runScript("netns-node.sh", ["up", name, String(index)], { env, timeoutMs: 180_000 });
  const socketPath = stdout.trim().split("\n").pop() ?? "";
  if (!socketPath.startsWith("/")) {
    throw new Error(`netns-node.sh up ${name} ${index} printed no socket path (stdout: ${JSON.stringify(stdout)})`);
  }
  return { name, hostname: name, address: `10.77.0.${index + 1}`, socketPath };
}

export type RemoveNetnsNodeOptions = {
  runtimeDir?: string;
  /** Also delete the node's state dir (images, volumes). */
  purge?: boolean;
  /**
   * The node is also removed from the swarm managed by this engine, if it is a manager
   * (default: the host's engine); null leaves the manager's node list alone.
   */
  managerSocketPath?: string | null;
};

/** Leaves the swarm, stops the node's engine, deletes its netns (and the bridge if it was the last). */
export async function removeNetnsNode(name: string, options: RemoveNetnsNodeOptions = {}): Promise<void> {
  const env = runtimeEnv(options.runtimeDir);
  if (options.managerSocketPath !== undefined) env.WHARF_SWARM_MANAGER_SOCK = options.managerSocketPath ?? "";
  const args = ["down", name, ...(options.purge ? ["--purge"] : [])];
  await runScript("netns-node.sh", args, { env, timeoutMs: 120_000 });
}

/**
 * Restarts a netns node's Docker Engine the way an operator's `systemctl restart docker` does:
 * SIGTERM (dockerd stops its containers), then the same `up` again. Swarm state is kept on disk.
 */
export async function restartNetnsEngine(name: string, index: number, options: NetnsNodeOptions = {}): Promise<NetnsNode> {
  const pidFile = path.join(options.runtimeDir ?? "/var/lib/wharf-runtime", "nodes", name, "docker.pid");
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      break; // gone
    }
    if (Date.now() > deadline) throw new Error(`dockerd ${pid} of ${name} did not stop within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return ensureNetnsNode(name, index, options);
}

/** A dockerode client for one engine (the host's by default). */
export function dockerClient(socketPath: string = DEFAULT_DOCKER_SOCKET): Docker {
  return new Docker({ socketPath });
}

function isNotInSwarm(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { statusCode, message } = error as { statusCode?: unknown; message?: unknown };
  return statusCode === 503 && typeof message === "string" && message.includes("not part of a swarm");
}

/** Force-leaves the swarm on one engine (manager or worker); a no-op when not in a swarm. */
export async function resetSwarm(socketPath: string): Promise<void> {
  try {
    await dockerClient(socketPath).swarmLeave({ force: true });
  } catch (error) {
    if (isNotInSwarm(error)) return;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`docker swarm leave --force on unix://${socketPath} failed: ${detail}`, { cause: error });
  }
}
