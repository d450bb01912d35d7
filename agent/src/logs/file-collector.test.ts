// File stores against fixture directories standing in for /proc/<pid>/root: rotation, truncation,
// long lines, symlinks, and a restart that resumes (also across a rotation while stopped).
import { appendFile, mkdir, mkdtemp, rename, rm, symlink, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_LOG_LINE_BYTES, type LogLine } from "@/lib/protocol/logs";
import { silentLogger } from "../log/logger";
import { ContainerFiles } from "./file-collector";
import { LogBuffer } from "./log-buffer";

const PID = 4242;
const CONTAINER = "c0ffee".repeat(10) + "abcd";
let work: string;
let procRoot: string;
let root: string;
const open: Array<{ buffer: LogBuffer; files: ContainerFiles }> = [];

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "wharf-file-logs-"));
  procRoot = path.join(work, "proc");
  root = path.join(procRoot, String(PID), "root");
  await mkdir(path.join(root, "var/log/app"), { recursive: true });
});
afterEach(async () => {
  for (const { buffer, files } of open.splice(0)) {
    await files.close();
    await buffer.close();
  }
  await rm(work, { recursive: true, force: true });
});

async function collector(pattern = "/var/log/app/*.log", retireIdleMs = 0, stateDir = `state-${open.length}/logs`) {
  const buffer = await LogBuffer.open({ dir: path.join(work, stateDir), maxBytes: 64 << 20, log: silentLogger, sync: false });
  const meta = { application: "shop", service: "web", task: "task1", container: CONTAINER.slice(0, 12) };
  const files = new ContainerFiles({
    container: CONTAINER,
    meta,
    stores: [{ name: "app", pattern }],
    buffer,
    log: silentLogger,
    procRoot,
    retireIdleMs,
  });
  const entry = { buffer, files };
  open.push(entry);
  return entry;
}

async function collected(buffer: LogBuffer): Promise<LogLine[]> {
  await buffer.flush();
  const out: LogLine[] = [];
  for (let seq = buffer.firstSeq; seq < buffer.durableEnd;) {
    const batch = await buffer.read(seq, 1000, 1 << 24);
    out.push(...batch);
    seq = (batch.at(-1)?.seq ?? seq) + 1;
  }
  return out;
}
const texts = async (buffer: LogBuffer) => (await collected(buffer)).map((l) => l.text);
const inContainer = (p: string) => path.join(root, p);
const numbered = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);
const write = (p: string, lines: string[]) => appendFile(inContainer(p), lines.map((l) => `${l}\n`).join(""));

describe("file stores", () => {
  it("reads appended lines with their metadata; an unfinished last line waits for its newline", async () => {
    const { buffer, files } = await collector();
    await write("/var/log/app/app.log", ["one", "two"]);
    await appendFile(inContainer("/var/log/app/app.log"), "thr");
    await files.tick(PID);
    expect(await texts(buffer)).toEqual(["one", "two"]);
    await appendFile(inContainer("/var/log/app/app.log"), "ee\r\nfour\n");
    await files.tick(PID);
    const lines = await collected(buffer);
    expect(lines.map((l) => l.text)).toEqual(["one", "two", "three", "four"]);
    expect(lines[0]).toMatchObject({
      seq: 0,
      store: "app",
      stream: "file",
      file: "/var/log/app/app.log",
      application: "shop",
      service: "web",
      task: "task1",
      container: CONTAINER.slice(0, 12),
    });
    expect(lines[0]?.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // only *.log
    await write("/var/log/app/app.txt", ["not matched"]);
    await files.tick(PID);
    expect(await texts(buffer)).toHaveLength(4);
  });

  it("rotation: the renamed file is read to its end (writes after the rename included), the new one from 0", async () => {
    const { buffer, files } = await collector("/var/log/app/*.log", 0);
    await write("/var/log/app/app.log", numbered("r", 1, 100));
    await files.tick(PID);
    await write("/var/log/app/app.log", numbered("r", 101, 150));
    await rename(inContainer("/var/log/app/app.log"), inContainer("/var/log/app/app.log.1"));
    // the app still writes to its old descriptor before it reopens
    await write("/var/log/app/app.log.1", numbered("r", 151, 160));
    await write("/var/log/app/app.log", numbered("r", 161, 200));
    await files.tick(PID); // sees the new inode, retires the old one (read what it has)
    expect(files.following).toBe(2);
    await appendFile(inContainer("/var/log/app/app.log.1"), "r 201 (last, no newline)");
    await files.tick(PID); // nothing new in a tick: the retired file is let go, its last line taken
    await files.tick(PID);
    expect(files.following).toBe(1);
    const got = await texts(buffer);
    expect([...got].sort()).toEqual([...numbered("r", 1, 200), "r 201 (last, no newline)"].sort());
    expect(new Set(got).size).toBe(got.length);
    const rotated = (await collected(buffer)).filter((l) => l.text === "r 155");
    expect(rotated[0]?.file).toBe("/var/log/app/app.log");
  });

  it("a file renamed to a name the glob also matches goes on where it was", async () => {
    const { buffer, files } = await collector("/var/log/app/*", 0);
    await write("/var/log/app/app.log", ["a", "b"]);
    await files.tick(PID);
    await rename(inContainer("/var/log/app/app.log"), inContainer("/var/log/app/app.log.1"));
    await write("/var/log/app/app.log.1", ["c"]);
    await files.tick(PID);
    await files.tick(PID);
    const lines = await collected(buffer);
    expect(lines.map((l) => l.text)).toEqual(["a", "b", "c"]);
    expect(lines[2]?.file).toBe("/var/log/app/app.log.1");
  });

  it("truncation (copytruncate): reading starts again from 0", async () => {
    const { buffer, files } = await collector();
    await write("/var/log/app/app.log", numbered("t", 1, 50));
    await files.tick(PID);
    await truncate(inContainer("/var/log/app/app.log"), 0);
    await write("/var/log/app/app.log", ["after 1", "after 2"]);
    await files.tick(PID);
    expect((await texts(buffer)).slice(-3)).toEqual(["t 50", "after 1", "after 2"]);
    expect(await texts(buffer)).toHaveLength(52);
  });

  it("a line longer than the limit is cut, flagged, and its rest skipped (also across reads)", async () => {
    const { buffer, files } = await collector();
    const long = `L${"é".repeat(MAX_LOG_LINE_BYTES)}`; // 2 bytes a character: cut in the middle of one
    const huge = "H".repeat(600 * 1024); // over two read chunks
    await write("/var/log/app/app.log", ["before", long, "middle", huge, "after"]);
    await files.tick(PID);
    const lines = await collected(buffer);
    expect(lines.map((l) => l.text.slice(0, 6))).toEqual(["before", "Lééééé", "middle", "HHHHHH", "after"]);
    const cut = lines[1] as LogLine;
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    expect(Buffer.byteLength(cut.text)).toBeGreaterThan(MAX_LOG_LINE_BYTES - 2);
    expect(cut.text).not.toContain("\ufffd");
    expect(lines[3]).toMatchObject({ truncated: true });
    expect(lines[3]?.text).toHaveLength(MAX_LOG_LINE_BYTES);
    expect(lines[0]?.truncated).toBeUndefined();
    // a long line still being written: cut once it is over the limit, its end skipped later
    await appendFile(inContainer("/var/log/app/app.log"), "P".repeat(MAX_LOG_LINE_BYTES + 10));
    await files.tick(PID);
    await appendFile(inContainer("/var/log/app/app.log"), "PPPP end of it\nnext\n");
    await files.tick(PID);
    expect((await texts(buffer)).slice(-2).map((t) => t.slice(0, 4))).toEqual(["PPPP", "next"]);
  });

  it("restart: resumes each file at its saved offset, and drains one rotated away while stopped", async () => {
    const first = await collector();
    await write("/var/log/app/app.log", numbered("s", 1, 10));
    await write("/var/log/app/other.log", numbered("o", 1, 5));
    await first.files.tick(PID);
    await first.files.close();
    await first.buffer.close();
    open.splice(0);
    // while the agent is stopped: more lines, then a rotation of app.log
    await write("/var/log/app/app.log", numbered("s", 11, 20));
    await rename(inContainer("/var/log/app/app.log"), inContainer("/var/log/app/app.log.1"));
    await write("/var/log/app/app.log", numbered("s", 21, 25));
    await write("/var/log/app/other.log", numbered("o", 6, 7));

    const second = await collector("/var/log/app/*.log", 0, "state-0/logs");
    await second.files.tick(PID);
    await second.files.tick(PID);
    const got = await texts(second.buffer);
    expect([...got].sort()).toEqual([...numbered("s", 1, 25), ...numbered("o", 1, 7)].sort());
    expect(new Set(got).size).toBe(got.length);
  });

  it("never follows a symlink: neither a linked directory nor a linked file", async () => {
    const outside = path.join(work, "host-secrets");
    await mkdir(outside);
    await writeFile(path.join(outside, "shadow.log"), "root:secret\n");
    await rm(inContainer("/var/log/app"), { recursive: true });
    await symlink(outside, inContainer("/var/log/app")); // /var/log/app -> a host directory
    await mkdir(inContainer("/srv/logs"), { recursive: true });
    await symlink(path.join(outside, "shadow.log"), inContainer("/srv/logs/x.log"));
    const a = await collector("/var/log/app/*.log");
    const b = await collector("/srv/logs/*.log");
    await a.files.tick(PID);
    await b.files.tick(PID);
    expect(await texts(a.buffer)).toEqual([]);
    expect(b.files.following).toBe(0);
  });

  it("globs match one path component per wildcard; a stopped container's files are let go", async () => {
    await mkdir(inContainer("/var/log/one"), { recursive: true });
    await mkdir(inContainer("/var/log/two/deeper"), { recursive: true });
    await write("/var/log/one/x.log", ["one"]);
    await write("/var/log/two/x.log", ["two"]);
    await write("/var/log/two/deeper/x.log", ["deeper"]);
    const { buffer, files } = await collector("/var/log/*/x.log", 0);
    await files.tick(PID);
    expect((await texts(buffer)).sort()).toEqual(["one", "two"]);
    await files.tick("stopped");
    await files.tick("stopped");
    expect(files.following).toBe(0);
    // a plain path is a glob without wildcards
    const plain = await collector("/var/log/two/deeper/x.log");
    await plain.files.tick(PID);
    expect(await texts(plain.buffer)).toEqual(["deeper"]);
  });
});
