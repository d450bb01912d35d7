/**
 * When the node's task snapshot goes to the control plane. Engine events only say "something
 * changed": a burst of them (a scale-out starts ten containers) becomes one re-list after
 * `debounceMs`, counted from the first event so a steady trickle cannot postpone it. A snapshot is
 * sent only when it differs from the last one sent on this connection, except right after a
 * (re)connect and every `resendMs`, when it is sent whatever it holds: the gateway may have lost
 * it, and an identical snapshot costs it nothing. Re-lists never overlap; a change during one
 * queues exactly one more.
 */
import { canonicalJson } from "@/lib/protocol/canonical-json";
import type { ReportedTask, TaskReport } from "@/lib/protocol/task-report";
import type { Logger } from "../log/logger";

/** How a session hands the reporter its socket (attach after the welcome, detach on close). */
export type TaskReportChannel = {
  attach(send: (report: TaskReport) => void): void;
  detach(): void;
};

export type TaskReportSenderOptions = {
  /** Lists the engine and builds the snapshot; throws when the engine does not answer. */
  read: () => Promise<ReportedTask[]>;
  log: Logger;
  debounceMs?: number;
  resendMs?: number;
};

export class TaskReportSender implements TaskReportChannel {
  private send: ((report: TaskReport) => void) | null = null;
  private lastSent: string | null = null;
  private debounce: NodeJS.Timeout | undefined;
  private resend: NodeJS.Timeout | undefined;
  private reading = false;
  /** A re-list was asked for while one ran: run one more (forced if any of the asks was). */
  private queued: { force: boolean } | null = null;
  private engineFailing = false;
  private readonly debounceMs: number;
  private readonly resendMs: number;

  constructor(private readonly options: TaskReportSenderOptions) {
    this.debounceMs = options.debounceMs ?? 50;
    this.resendMs = options.resendMs ?? 30_000;
  }

  get attached(): boolean {
    return this.send !== null;
  }

  attach(send: (report: TaskReport) => void): void {
    this.detach();
    this.send = send;
    this.lastSent = null;
    this.resend = setInterval(() => void this.refresh(true), this.resendMs);
    void this.refresh(true);
  }

  detach(): void {
    this.send = null;
    clearTimeout(this.debounce);
    clearInterval(this.resend);
    this.debounce = undefined;
    this.resend = undefined;
  }

  /** Something changed on the engine: re-list soon (one re-list per burst). */
  changed(): void {
    if (!this.send || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.refresh(false);
    }, this.debounceMs);
  }

  /**
   * A snapshot computed without asking the engine (a task was just told to stop): sent now if it
   * differs, because the load balancer must drain that task before it is gone.
   */
  sendIfChanged(tasks: ReportedTask[]): void {
    this.deliver(tasks, false);
  }

  /** Re-lists now; `force` sends even an unchanged snapshot. */
  async refresh(force: boolean): Promise<void> {
    if (!this.send) return;
    if (this.reading) {
      this.queued = { force: force || (this.queued?.force ?? false) };
      return;
    }
    this.reading = true;
    try {
      const tasks = await this.options.read();
      if (this.engineFailing) this.options.log.info("task report: the engine answers again");
      this.engineFailing = false;
      this.deliver(tasks, force);
    } catch (error) {
      // the next event or the periodic re-send tries again; the last snapshot sent stands meanwhile
      if (!this.engineFailing) this.options.log.warn("task report: cannot list the engine's task containers", { error });
      this.engineFailing = true;
    } finally {
      this.reading = false;
    }
    const next = this.queued;
    this.queued = null;
    if (next) await this.refresh(next.force);
  }

  private deliver(tasks: ReportedTask[], force: boolean): void {
    if (!this.send) return;
    const text = canonicalJson(tasks);
    if (!force && text === this.lastSent) return;
    this.lastSent = text;
    this.send({ type: "tasks", tasks });
    this.options.log.debug("task snapshot sent", {
      tasks: tasks.length,
      stopping: tasks.filter((t) => t.state === "stopping").length,
      resend: force,
    });
  }
}
