/**
 * The file stores of one container: every tick, find the files their globs match (inside the
 * container, container-fs.ts) and read what was appended to each.
 *
 * A followed file is an inode, not a path. A rotation that renames app.log away and creates a new
 * one shows as a new inode (read from 0) while the old one, no longer matched, is "retired": it is
 * still read — the app may write to it until it reopens its file — and let go once nothing was
 * appended for `retireIdleMs`, its last unfinished line included. A file renamed to a name the glob
 * also matches goes on where it was. After an agent restart the saved positions resume each file;
 * one that was rotated away meanwhile is looked up by inode in its directory and read to its end.
 */
import path from "node:path";
import type { Logger } from "../log/logger";
import { findFiles, listFiles, openDirPath, openRoot, patternParts, ScanScope, type FoundFile } from "./container-fs";
import { headMatches, readAppended, readRest, type FileTail, type LineMeta } from "./file-tail";
import type { LogBuffer } from "./log-buffer";
import { fileKey, type FilePosition } from "./positions";

export type FileStore = { name: string; pattern: string };

export type ContainerFilesOptions = {
  /** Full container id. */
  container: string;
  meta: LineMeta;
  stores: FileStore[];
  buffer: LogBuffer;
  log: Logger;
  /** Where /proc is (a fixture directory in tests). */
  procRoot: string;
  retireIdleMs?: number;
  now?: () => number;
};

const LIMITS = { maxFiles: 64, maxEntries: 10_000 };
/** Bytes read from one file per tick, so one busy file does not hold up the others. */
const READ_BUDGET = 16 * 1024 * 1024;
const MAX_PATH = 1024;
/** Positions of let-go files kept per container (a rotating file lets one go per rotation). */
const KEEP_LET_GO = 16;

export class ContainerFiles {
  private readonly tails = new Map<string, FileTail>();
  private resumed = false;
  private readonly warned = new Set<string>();
  /** Keys of files read to their end and let go, oldest first. */
  private readonly letGo: string[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ContainerFilesOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Files being followed (retired ones included). */
  get following(): number {
    return this.tails.size;
  }

  /**
   * One round: match the globs (when the container runs: `pid`), then read. "stopped" retires
   * every file; "unknown" (the container restarted, its pid is being read) only reads.
   */
  async tick(pid: number | "stopped" | "unknown"): Promise<void> {
    if (typeof pid === "number") await this.scan(pid);
    else if (pid === "stopped") this.retireAll();
    for (const tail of [...this.tails.values()]) await this.follow(tail);
  }

  /** Lets go of every file (the agent stops); their positions stay saved for the next start. */
  async close(): Promise<void> {
    await Promise.all([...this.tails.values()].map((tail) => tail.handle.close().catch(() => undefined)));
    this.tails.clear();
  }

  private retireAll(): void {
    for (const tail of this.tails.values()) tail.retiredAt ??= this.now();
  }

  private async scan(pid: number): Promise<void> {
    const { container, stores, procRoot } = this.options;
    const scope = new ScanScope();
    try {
      const root = await openRoot(procRoot, pid, scope);
      if (!root) return this.retireAll();
      const seen = new Set<string>();
      for (const store of stores) {
        const parts = patternParts(store.pattern);
        if (!parts) {
          this.warnOnce(`pattern:${store.name}`, "logs: a file store's glob has . or .. components; ignored", {
            store: store.name,
            pattern: store.pattern,
          });
          continue;
        }
        const files = await findFiles(root, parts, scope, LIMITS);
        if (files.length >= LIMITS.maxFiles)
          this.warnOnce(`many:${store.name}`, "logs: a file store matches too many files; following the first ones", {
            store: store.name,
            limit: LIMITS.maxFiles,
          });
        for (const file of files) {
          const key = fileKey(container, store.name, file.dev, file.ino);
          seen.add(key);
          const tail = this.tails.get(key);
          if (!tail) await this.start(key, store.name, file, false);
          else {
            tail.retiredAt = null;
            if (tail.position.path !== file.path) tail.position = { ...tail.position, path: file.path.slice(0, MAX_PATH) };
          }
        }
      }
      if (!this.resumed) await this.resume(root, scope, seen);
      this.resumed = true;
      for (const [key, tail] of this.tails) if (!seen.has(key)) tail.retiredAt ??= this.now();
    } finally {
      await scope.close();
    }
  }

  private async start(key: string, store: string, file: FoundFile, retired: boolean): Promise<void> {
    const handle = await file.open();
    if (!handle) return;
    const saved = this.options.buffer.positions.files[key];
    let position: FilePosition = {
      container: this.options.container,
      store,
      path: file.path.slice(0, MAX_PATH),
      dev: file.dev,
      ino: file.ino,
      offset: 0,
    };
    if (saved) {
      if (await headMatches(handle, saved.head)) position = { ...saved, path: position.path };
      else this.options.log.info("logs: a followed file's inode now holds another file; reading it from the start", { path: file.path });
    }
    const now = this.now();
    this.tails.set(key, { key, handle, position, meta: this.options.meta, retiredAt: retired ? now : null, size: -1, lastGrowthAt: now });
  }

  /**
   * After a restart: saved positions that no scan matched are files rotated away while the agent
   * was stopped. Found by inode in their directory, they are read to their end; the others are gone.
   */
  private async resume(root: NonNullable<Awaited<ReturnType<typeof openRoot>>>, scope: ScanScope, seen: Set<string>): Promise<void> {
    const lost = Object.entries(this.options.buffer.positions.files).filter(
      ([key, p]) => p.container === this.options.container && !seen.has(key),
    );
    const byDir = new Map<string, Array<[string, FilePosition]>>();
    for (const entry of lost) {
      const dir = path.posix.dirname(entry[1].path);
      byDir.set(dir, [...(byDir.get(dir) ?? []), entry]);
    }
    const gone: string[] = [];
    for (const [dir, entries] of byDir) {
      const handle = await openDirPath(root, dir, scope);
      const files = handle ? await listFiles(handle, dir, scope, LIMITS.maxEntries) : [];
      for (const [key, saved] of entries) {
        const file = files.find((f) => f.dev === saved.dev && f.ino === saved.ino);
        if (file) await this.start(key, saved.store, file, true);
        if (!this.tails.has(key)) gone.push(key);
      }
    }
    if (gone.length > 0) this.forget(gone);
  }

  private async follow(tail: FileTail): Promise<void> {
    const { buffer, log } = this.options;
    try {
      const { grew, truncated } = await readAppended(tail, buffer, READ_BUDGET, this.now());
      if (truncated)
        log.info("logs: a followed file was truncated; reading it from the start", {
          path: tail.position.path,
          store: tail.position.store,
        });
      const idleSince = Math.max(tail.retiredAt ?? Infinity, tail.lastGrowthAt);
      if (tail.retiredAt === null || grew || this.now() - idleSince < (this.options.retireIdleMs ?? 5_000)) return;
      await readRest(tail, buffer);
      await this.drop(tail);
      // its position stays a while: the same file matched again (a scan that ran while the
      // container restarted saw nothing) goes on from there instead of from 0
      this.letGo.push(tail.key);
      if (this.letGo.length > KEEP_LET_GO) this.forget(this.letGo.splice(0, this.letGo.length - KEEP_LET_GO));
    } catch (error) {
      // its position stays saved: the next scan opens the file again and goes on from there
      log.warn("logs: reading a followed file failed", { path: tail.position.path, error });
      await this.drop(tail);
    }
  }

  private async drop(tail: FileTail): Promise<void> {
    this.tails.delete(tail.key);
    await tail.handle.close().catch(() => undefined);
  }

  private forget(keys: string[]): void {
    this.options.buffer.commit([], (positions) => {
      for (const key of keys) delete positions.files[key];
    });
  }

  private warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.log.warn(message, { container: this.options.container.slice(0, 12), ...fields });
  }
}
