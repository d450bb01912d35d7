/**
 * Log collection on this node, for the agent's whole life (across reconnects): discovers the
 * containers of Wharf services that declare log stores (LOG_STORES_LABEL) — every `discoveryMs` and
 * at once on their start/die/destroy events — follows their stdout through the engine and their
 * files through /proc/<pid>/root, and commits every line to the on-disk buffer, which the shipper
 * empties towards the gateway.
 *
 * An exited container's log is still read to its end once (short-lived tasks); positions of
 * containers that no longer exist are forgotten.
 */
import { decodeLogStores, LOG_STORES_LABEL } from "@/lib/protocol/logs";
import { APP_LABEL, SERVICE_LABEL, TASK_ID_LABEL } from "../docker/object-labels";
import type { Logger } from "../log/logger";
import { watchEngineEvents } from "../traffic/engine-events";
import { ContainerFiles, type FileStore } from "./file-collector";
import type { LineMeta } from "./file-tail";
import type { LogBuffer } from "./log-buffer";
import { LOG_CONTAINER_EVENTS, type LogContainer, type LogsEngine } from "./logs-engine";
import { followStdout } from "./stdout-follower";

export type LogCollectionOptions = {
  engine: LogsEngine;
  buffer: LogBuffer;
  log: Logger;
  procRoot?: string;
  /** How often followed files are checked for new bytes (and their globs matched again). */
  pollMs?: number;
  discoveryMs?: number;
  retireIdleMs?: number;
};

type Watched = {
  id: string;
  meta: LineMeta;
  stdoutStores: string[];
  fileStores: FileStore[];
  running: boolean;
  present: boolean;
  /** From inspect; null until known, and again after the container (re)starts. */
  details: { pid: number | null; tty: boolean } | null;
  stdout: { controller: AbortController; done: Promise<void> } | null;
  retryAt: number;
  files: ContainerFiles | null;
};

const RETRY_AFTER_FAILURE_MS = 30_000;
const RETRY_AFTER_BREAK_MS = 1_000;

export class LogCollection {
  private readonly containers = new Map<string, Watched>();
  private discovering = false;
  private discoverAgain = false;
  private discoverTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: LogCollectionOptions) {}

  /** Collects until `signal` aborts, then stops every follower (positions stay saved). */
  async run(signal: AbortSignal): Promise<void> {
    const { engine, log } = this.options;
    const discovery = setInterval(() => void this.discover(signal), this.options.discoveryMs ?? 5_000);
    const poll = setInterval(() => void this.poll(), this.options.pollMs ?? 500);
    await watchEngineEvents({
      open: (s) =>
        engine.openEvents({ filters: { type: ["container"], event: [...LOG_CONTAINER_EVENTS], label: [LOG_STORES_LABEL] }, signal: s }),
      onEvent: (event) => {
        const watched = this.containers.get(event.Actor.ID);
        if (watched && event.Action === "start") watched.details = null;
        this.discoverSoon(signal);
      },
      // events may have been missed while the stream was closed
      onOpen: () => this.discoverSoon(signal),
      log,
      signal,
    });
    clearInterval(discovery);
    clearInterval(poll);
    clearTimeout(this.discoverTimer);
    await this.stop();
  }

  /** Containers watched (for tests). */
  get size(): number {
    return this.containers.size;
  }

  private discoverSoon(signal: AbortSignal): void {
    clearTimeout(this.discoverTimer);
    this.discoverTimer = setTimeout(() => void this.discover(signal), 50);
  }

  async discover(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if (this.discovering) {
      this.discoverAgain = true;
      return;
    }
    this.discovering = true;
    try {
      const list = await this.options.engine.listLogContainers();
      const present = new Set<string>();
      for (const container of list) {
        const watched = this.watch(container);
        if (!watched) continue;
        present.add(container.Id);
        await this.reconcile(watched, signal);
      }
      for (const watched of this.containers.values()) {
        if (present.has(watched.id)) continue;
        // destroyed: its stdout stream ends by itself, its open files are read to their end
        watched.present = false;
        watched.running = false;
      }
      this.forgetPositions(present);
    } catch (error) {
      this.warnOnce("discover", "logs: cannot list the containers that declare log stores", { error });
    } finally {
      this.discovering = false;
      if (this.discoverAgain) {
        this.discoverAgain = false;
        void this.discover(signal);
      }
    }
  }

  private watch(container: LogContainer): Watched | null {
    const labels = container.Labels;
    const stores = decodeLogStores(labels[LOG_STORES_LABEL]);
    const application = labels[APP_LABEL];
    const service = labels[SERVICE_LABEL];
    if (stores.length === 0 || !application || !service) return null;
    const running = container.State === "running" || container.State === "paused";
    let watched = this.containers.get(container.Id);
    if (!watched) {
      const meta: LineMeta = {
        application: application.slice(0, 200),
        service: service.slice(0, 200),
        task: labels[TASK_ID_LABEL]?.slice(0, 64) || null,
        container: container.Id.slice(0, 12),
      };
      watched = {
        id: container.Id,
        meta,
        stdoutStores: stores.filter((s) => s.source === "stdout").map((s) => s.name),
        fileStores: stores.filter((s) => s.source !== "stdout").map((s) => ({ name: s.name, pattern: s.source })),
        running,
        present: true,
        details: null,
        stdout: null,
        retryAt: 0,
        files: null,
      };
      this.containers.set(container.Id, watched);
      this.options.log.debug("logs: collecting a container's stores", {
        container: meta.container,
        application: meta.application,
        service: meta.service,
        stores: stores.map((s) => s.name),
      });
    }
    if (running && !watched.running) watched.details = null; // started again: another pid
    watched.running = running;
    watched.present = true;
    return watched;
  }

  private async reconcile(watched: Watched, signal: AbortSignal): Promise<void> {
    const { engine, buffer, log } = this.options;
    if (!watched.details) {
      const details = await engine.inspect(watched.id);
      if (!details) return;
      watched.details = { pid: details.running ? details.pid : null, tty: details.tty };
    }
    if (watched.fileStores.length > 0 && !watched.files) {
      watched.files = new ContainerFiles({
        container: watched.id,
        meta: watched.meta,
        stores: watched.fileStores,
        buffer,
        log,
        procRoot: this.options.procRoot ?? "/proc",
        retireIdleMs: this.options.retireIdleMs,
      });
    }
    if (watched.stdoutStores.length === 0 || watched.stdout || Date.now() < watched.retryAt) return;
    if (!watched.running && buffer.positions.stdout[watched.id]?.finished) return;
    this.startStdout(watched, signal);
  }

  private startStdout(watched: Watched, signal: AbortSignal): void {
    const { engine, buffer, log } = this.options;
    if (signal.aborted) return; // a discovery that was under way when the agent began to stop
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    const run = followStdout({
      engine,
      buffer,
      log,
      container: watched.id,
      stores: watched.stdoutStores,
      meta: watched.meta,
      tty: watched.details?.tty ?? false,
      follow: watched.running,
      signal: controller.signal,
    });
    const done = run.then(async (end) => {
      signal.removeEventListener("abort", onAbort);
      if (end.kind === "failed") {
        this.warnOnce(`stdout:${watched.id}`, "logs: cannot read a container's stdout; retrying later", {
          container: watched.meta.container,
          error: end.error,
        });
        watched.retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
      } else if (end.kind === "ended") {
        const details = await engine.inspect(watched.id).catch(() => undefined);
        if (details === null || details?.running === false) {
          buffer.commit([], (positions) => {
            positions.stdout[watched.id] = { ...(positions.stdout[watched.id] ?? { ts: "", n: 0 }), finished: true };
          });
        } else watched.retryAt = Date.now() + RETRY_AFTER_BREAK_MS; // the stream broke while it runs
      }
      watched.stdout = null;
      if (end.kind !== "aborted") this.discoverSoon(signal);
    });
    watched.stdout = { controller, done };
  }

  /** One round over the followed files (never two at once). */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const watched of [...this.containers.values()]) {
        try {
          if (watched.files) await watched.files.tick(!watched.running ? "stopped" : (watched.details?.pid ?? "unknown"));
        } catch (error) {
          this.warnOnce(`files:${watched.id}`, "logs: following a container's files failed; trying again", {
            container: watched.meta.container,
            error,
          });
        }
        if (!watched.present && !watched.stdout && (watched.files?.following ?? 0) === 0) this.containers.delete(watched.id);
      }
    } finally {
      this.polling = false;
    }
  }

  private forgetPositions(present: Set<string>): void {
    const { positions } = this.options.buffer;
    const known = (id: string) => present.has(id) || this.containers.has(id);
    const stdout = Object.keys(positions.stdout).filter((id) => !known(id));
    const files = Object.entries(positions.files)
      .filter(([, p]) => !known(p.container))
      .map(([key]) => key);
    if (stdout.length === 0 && files.length === 0) return;
    this.options.buffer.commit([], (current) => {
      for (const id of stdout) delete current.stdout[id];
      for (const key of files) delete current.files[key];
    });
  }

  private async stop(): Promise<void> {
    const running = [...this.containers.values()];
    for (const watched of running) watched.stdout?.controller.abort();
    await Promise.all(running.map((w) => w.stdout?.done));
    while (this.polling) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(running.map((w) => w.files?.close()));
    this.containers.clear();
  }

  private warnOnce(key: string, message: string, fields: Record<string, unknown>): void {
    if (this.warned.has(key)) return this.options.log.debug(message, fields);
    this.warned.add(key);
    this.options.log.warn(message, fields);
  }
}
