/**
 * Reads files inside a container from the host, through /proc/<pid>/root (the agent shares the
 * host's pid namespace), without ever leaving the container's filesystem.
 *
 * Why not just open "/proc/<pid>/root/var/log/app/x.log": the kernel resolves an absolute symlink
 * met on that path against the AGENT's root, so a container that makes /var/log a link to "/etc"
 * would have the agent (root) read the host's files into the container owner's logs. Instead every
 * path component is opened on its own, relative to the directory descriptor of the one before it
 * (through /proc/self/fd/<fd>/<name>, which resolves from that exact directory) and with
 * O_NOFOLLOW: a symlink anywhere on the way is refused, not followed, and nothing can be swapped in
 * between two steps.
 */
import { constants, type BigIntStats, type Dirent } from "node:fs";
import { lstat, open, readdir, type FileHandle } from "node:fs/promises";
import { matchGlob } from "@/lib/protocol/glob";

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/** Errors that mean "not there (any more), or not a plain directory/file": skipped quietly. */
const ABSENT = new Set(["ENOENT", "ENOTDIR", "ELOOP", "ESRCH", "EACCES", "ENXIO"]);

export type FoundFile = {
  /** The path inside the container. */
  path: string;
  dev: string;
  ino: string;
  size: number;
  /** Opens it (O_NOFOLLOW, from its directory's descriptor); null if it is gone or replaced. */
  open(): Promise<FileHandle | null>;
};

export type ScanLimits = { maxFiles: number; maxEntries: number };

/** Directory handles a scan opened; closed once its files are opened. */
export class ScanScope {
  private readonly handles: FileHandle[] = [];
  entries = 0;

  track(handle: FileHandle): FileHandle {
    this.handles.push(handle);
    return handle;
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.splice(0).map((h) => h.close().catch(() => undefined)));
  }
}

const via = (dir: FileHandle, name?: string) => (name === undefined ? `/proc/self/fd/${dir.fd}` : `/proc/self/fd/${dir.fd}/${name}`);

async function absentIsNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
    if (typeof code === "string" && ABSENT.has(code)) return null;
    throw error;
  }
}

/**
 * The container's root directory; null when the process is gone. Throws when it is there but
 * cannot be opened (EACCES/EPERM: the agent is not root, or not in the host's pid namespace).
 */
export async function openRoot(procRoot: string, pid: number, scope: ScanScope): Promise<FileHandle | null> {
  try {
    // the one place a link is followed: /proc/<pid>/root is the kernel's own link to the container's root
    return scope.track(await open(`${procRoot}/${pid}/root`, constants.O_RDONLY | constants.O_DIRECTORY));
  } catch (error) {
    const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
    if (code === "ENOENT" || code === "ESRCH") return null;
    throw new Error(
      `cannot open ${procRoot}/${pid}/root (${String(code)}): the agent must run as root in the host's pid namespace to read containers' log files`,
    );
  }
}

function openChildDir(dir: FileHandle, name: string, scope: ScanScope): Promise<FileHandle | null> {
  return absentIsNull(async () => scope.track(await open(via(dir, name), DIR_FLAGS)));
}

/** The pattern's components; null for a pattern that could climb out of where it points ("." or ".."). */
export function patternParts(pattern: string): string[] | null {
  const parts = pattern.split("/").filter((part) => part !== "");
  return parts.some((part) => part === "." || part === "..") ? null : parts;
}

const hasWildcard = (part: string) => part.includes("*") || part.includes("?");

/**
 * Regular files matching `pattern` (an absolute glob; `*` and `?` within one path component) under
 * the container root `root`. Symlinks are never followed, directories nor files.
 */
export async function findFiles(root: FileHandle, parts: string[], scope: ScanScope, limits: ScanLimits): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  async function walk(dir: FileHandle, dirPath: string, index: number): Promise<void> {
    const part = parts[index] as string;
    const last = index === parts.length - 1;
    let names: string[] = [part];
    if (hasWildcard(part)) {
      const entries = (await absentIsNull(() => readdir(via(dir), { withFileTypes: true }))) ?? [];
      scope.entries += entries.length;
      // a type the filesystem does not report (all false) is left to lstat / O_DIRECTORY to decide
      const candidate = (e: Dirent) => !e.isSymbolicLink() && (last ? !e.isDirectory() : !e.isFile());
      names = entries
        .filter((e) => candidate(e) && matchGlob(part, e.name))
        .map((e) => e.name)
        .sort();
    }
    for (const name of names) {
      if (found.length >= limits.maxFiles || scope.entries > limits.maxEntries) return;
      if (last) {
        const file = await statChild(dir, name, `${dirPath}/${name}`);
        if (file) found.push(file);
        continue;
      }
      const child = await openChildDir(dir, name, scope);
      if (child) await walk(child, `${dirPath}/${name}`, index + 1);
    }
  }
  if (parts.length > 0) await walk(root, "", 0);
  return found;
}

/** A regular file directly in `dir` (lstat: a symlink is not one). */
export async function statChild(dir: FileHandle, name: string, containerPath: string): Promise<FoundFile | null> {
  const stats = await absentIsNull(() => lstat(via(dir, name), { bigint: true }));
  if (!stats?.isFile()) return null;
  const dev = String(stats.dev);
  const ino = String(stats.ino);
  return {
    path: containerPath,
    dev,
    ino,
    size: Number(stats.size),
    open: async () => {
      const handle = await absentIsNull(() => open(via(dir, name), FILE_FLAGS));
      if (!handle) return null;
      // the name may have been given to another file since the lstat: follow what was matched only
      const opened: BigIntStats = await handle.stat({ bigint: true });
      if (String(opened.dev) === dev && String(opened.ino) === ino && opened.isFile()) return handle;
      await handle.close();
      return null;
    },
  };
}

/** Opens the directory at container path `dirPath` (components from the root, no symlinks). */
export async function openDirPath(root: FileHandle, dirPath: string, scope: ScanScope): Promise<FileHandle | null> {
  const parts = patternParts(dirPath);
  if (!parts) return null;
  let dir: FileHandle | null = root;
  for (const part of parts) {
    dir = await openChildDir(dir, part, scope);
    if (!dir) return null;
  }
  return dir;
}

/** Files directly in `dir` (for finding a followed file renamed while the agent was stopped). */
export async function listFiles(dir: FileHandle, dirPath: string, scope: ScanScope, maxEntries: number): Promise<FoundFile[]> {
  const entries = ((await absentIsNull(() => readdir(via(dir), { withFileTypes: true }))) ?? [])
    .filter((e) => !e.isDirectory() && !e.isSymbolicLink())
    .slice(0, maxEntries);
  scope.entries += entries.length;
  const files = await Promise.all(entries.map((e) => statChild(dir, e.name, `${dirPath}/${e.name}`)));
  return files.filter((f): f is FoundFile => f !== null);
}
