/**
 * "Tests leave nothing behind" (issue 14), checked rather than remembered. scripts/test.sh takes a
 * snapshot once PostgreSQL and the Docker Engine are up and before the suite makes anything, and
 * checks again after the last stage and its clean-up:
 *
 *   leftovers.ts snapshot FILE          what exists now
 *   leftovers.ts untag-pushes FILE      removes the image tags made since then to push to a registry on
 *                                       loopback or the runtime bridge (the suite's registries); the
 *                                       images themselves stay, tagged wharf-test/…
 *   leftovers.ts delete-keys PREFIX     deletes the keys under PREFIX: in the suite's Redis (REDIS_URL)
 *   leftovers.ts stop-redis             shuts the suite's Redis down (it keeps nothing on disk)
 *   leftovers.ts check FILE REPORT      what exists now and did not then → REPORT (JSON); exit 1 if any
 *
 * Compared: the host engine's containers, services, networks, volumes, secrets, configs, image tags
 * and swarm membership; network namespaces and interfaces; PostgreSQL databases; keys in the suite's
 * Redis; processes started by this test run (they carry WHARF_TEST_RUN=<this run> in their
 * environment, which scripts/test.sh exports) that are still alive. Comparing against a snapshot, not against
 * "empty", keeps a running installation's objects (or a developer's) out of the verdict.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import Docker from "dockerode";
import { Redis } from "ioredis";
import pg from "pg";
import { processesOfRun } from "../tests/support/runtime/run-processes";

type Snapshot = Record<string, string[]>;

const docker = new Docker({ socketPath: process.env.DOCKER_SOCK ?? "/var/run/docker.sock" });

async function swarmObjects(): Promise<Snapshot> {
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  const state = info.Swarm?.LocalNodeState ?? "inactive";
  const out: Snapshot = { "swarm membership": state === "inactive" ? [] : [`host engine is ${state} in a swarm`] };
  if (state !== "active" || !info.Swarm?.ControlAvailable) return out;
  out["swarm services"] = (await docker.listServices()).map((s) => `${s.ID} ${s.Spec?.Name ?? ""}`);
  out["swarm secrets"] = (await docker.listSecrets()).map((s) => `${s.ID} ${s.Spec?.Name ?? ""}`);
  out["swarm configs"] = (await docker.listConfigs()).map((c) => `${c.ID} ${c.Spec?.Name ?? ""}`);
  return out;
}

async function dockerObjects(): Promise<Snapshot> {
  const [containers, networks, volumes, images] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listNetworks(),
    docker.listVolumes(),
    docker.listImages(),
  ]);
  return {
    containers: containers.map((c) => `${c.Id.slice(0, 12)} ${c.Names.join(",")} (${c.Image})`),
    networks: networks.map((n) => `${n.Id.slice(0, 12)} ${n.Name}`),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    // Tags, not image ids. The suite's own test images (wharf-test/…) are a build cache kept on
    // purpose: scripts/runtime/build-test-images.sh reuses them instead of building every run.
    "image tags": images.flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>" && !t.startsWith("wharf-test/"))),
    ...(await swarmObjects()),
  };
}

function lines(cmd: string, args: string[]): string[] {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

function networkObjects(): Snapshot {
  return {
    "network namespaces": lines("ip", ["netns", "list"]).map((l) => l.split(" ")[0] ?? l),
    "network interfaces": readdirSync("/sys/class/net"),
  };
}

async function databases(): Promise<Snapshot> {
  const url = process.env.WHARF_TEST_ADMIN_DB_URL;
  if (!url) return {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>("select datname from pg_database where not datistemplate");
    return { databases: rows.rows.map((r) => r.datname) };
  } finally {
    await client.end();
  }
}

async function redisKeys(): Promise<Snapshot> {
  const url = process.env.REDIS_URL;
  if (!url) return {};
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await redis.scan(cursor, "COUNT", 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== "0" && keys.length < 100_000);
    return { "Redis keys": keys };
  } finally {
    redis.disconnect();
  }
}

/** Processes of this test run (by the mark scripts/test.sh exports), except this one and its ancestors. */
function runProcesses(): Snapshot {
  const run = process.env.WHARF_TEST_RUN ?? "";
  if (!run) return {};
  const stat = (pid: string) => {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { ppid: rest[1] ?? "0", start: rest[19] ?? "" };
  };
  const ancestors = new Set<string>();
  for (let pid = String(process.pid); pid !== "0" && !ancestors.has(pid);) {
    ancestors.add(pid);
    try {
      pid = stat(pid).ppid;
    } catch {
      break;
    }
  }
  const found: string[] = [];
  for (const { pid, cmdline } of processesOfRun(run, ancestors)) {
    const cmd = cmdline.join(" ").trim();
    if (!cmd) continue; // a zombie, already gone in all but name
    try {
      found.push(`${pid}@${stat(pid).start} ${cmd.slice(0, 200)}`);
    } catch {
      // it ended while being read
    }
  }
  return { processes: found };
}

async function snapshot(): Promise<Snapshot> {
  const parts = await Promise.all([dockerObjects(), databases(), redisKeys()]);
  return Object.assign({}, ...parts, networkObjects(), runProcesses()) as Snapshot;
}

function newSince(before: Snapshot, now: Snapshot): Snapshot {
  const out: Snapshot = {};
  for (const [kind, items] of Object.entries(now)) {
    const old = new Set(before[kind] ?? []);
    const added = items.filter((i) => !old.has(i));
    if (added.length) out[kind] = added;
  }
  return out;
}

// A tag for a push to one of the suite's registries: 127.x.x.x:PORT/… or 10.77.0.x:PORT/….
const SUITE_REGISTRY_TAG = /^(127\.\d+\.\d+\.\d+|10\.77\.0\.\d+|localhost):\d+\//;

async function untagPushes(before: Snapshot): Promise<number> {
  const old = new Set(before["image tags"] ?? []);
  const tags = (await dockerObjects())["image tags"] ?? [];
  let removed = 0;
  for (const tag of tags.filter((t) => SUITE_REGISTRY_TAG.test(t) && !old.has(t))) {
    // noprune: only the name goes; the layers stay with their wharf-test/… tag.
    await docker
      .getImage(tag)
      .remove({ noprune: true })
      .then(
        () => removed++,
        () => undefined,
      );
  }
  return removed;
}

/** ioredis, not redis-cli: the URL carries a password without a user name, which redis-cli -u sends as user "". */
async function withRedis<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(process.env.REDIS_URL ?? "", { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => undefined); // a refused or closed connection surfaces as the command's error
  await redis.connect();
  try {
    return await run(redis);
  } finally {
    redis.disconnect();
  }
}

async function deleteKeys(prefix: string): Promise<number> {
  return withRedis(async (redis) => {
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  });
}

async function main() {
  const [mode, file, report] = process.argv.slice(2);
  if (mode === "delete-keys" && file) {
    console.log(`deleted ${await deleteKeys(file)} Redis keys under ${file}:`);
    return;
  }
  if (mode === "stop-redis") {
    // SHUTDOWN closes the connection instead of answering: that is the success.
    await withRedis((redis) => redis.call("SHUTDOWN", "NOSAVE").catch(() => undefined));
    return;
  }
  if (mode === "snapshot" && file) {
    writeFileSync(file, JSON.stringify(await snapshot()));
    return;
  }
  if (mode === "untag-pushes" && file) {
    console.log(`removed ${await untagPushes(JSON.parse(readFileSync(file, "utf8")) as Snapshot)} image tags the tests pushed with`);
    return;
  }
  if (mode !== "check" || !file || !report) {
    console.error("usage: leftovers.ts snapshot FILE | untag-pushes FILE | delete-keys PREFIX | stop-redis | check FILE REPORT");
    process.exit(2);
  }
  const before = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  // Things being torn down (a container's removal, a daemon's exit) get a few seconds to finish.
  let left: Snapshot = {};
  for (let attempt = 0; attempt < 10; attempt++) {
    left = newSince(before, await snapshot());
    if (Object.keys(left).length === 0) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const kinds = Object.entries(left);
  writeFileSync(report, JSON.stringify({ numPassedTests: kinds.length ? 0 : 1, numFailedTests: kinds.length ? 1 : 0, leftovers: left }));
  if (!kinds.length) {
    console.log(
      "nothing left behind: no new containers, services, networks, volumes, image tags, namespaces, databases, Redis keys or processes",
    );
    return;
  }
  console.log("left behind by the tests:");
  for (const [kind, items] of kinds) console.log(`  ${kind}:\n${items.map((i) => `    ${i}`).join("\n")}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
