/**
 * Sends a metrics batch every interval while a session is attached. Sampling never holds up the
 * session: it runs on its own timer, and a tick that finds the previous sample still running is
 * skipped rather than queued. The very first sample only primes the rates (it would report 0 for
 * every rate); after a reconnect the collector is primed already and a batch goes out at once.
 */
import type { MetricsMessage } from "@/lib/protocol/metrics";
import type { Logger } from "../log/logger";
import type { MetricsCollector } from "./metrics-collector";
import { createProblemLog, type ProblemLog } from "./problem-log";

/** How a session hands the sender its socket (attach after a welcome of protocol 4+, detach on close). */
export type MetricsChannel = {
  attach(send: (message: MetricsMessage) => void): void;
  detach(): void;
};

export type MetricsSenderOptions = { collector: Pick<MetricsCollector, "collect" | "primed">; intervalMs: number; log: Logger };

export class MetricsSender implements MetricsChannel {
  private send: ((message: MetricsMessage) => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly problems: ProblemLog;
  /** Ticks skipped because the previous sample was still running (for tests and the bench). */
  skipped = 0;

  constructor(private readonly options: MetricsSenderOptions) {
    this.problems = createProblemLog(options.log);
  }

  attach(send: (message: MetricsMessage) => void): void {
    this.detach();
    this.send = send;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    void this.tick();
  }

  detach(): void {
    this.send = null;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample, sent if a session is attached and the rates are primed. */
  async tick(): Promise<void> {
    if (this.busy) {
      this.skipped++;
      this.options.log.debug("metrics: the previous sample is still running; tick skipped", { skipped: this.skipped });
      return;
    }
    this.busy = true;
    const primed = this.options.collector.primed;
    try {
      const message = await this.options.collector.collect();
      this.problems.recovered("collect", "metrics: sampling works again");
      if (primed && this.send) this.send(message);
    } catch (error) {
      this.problems.failed("collect", "metrics: sampling failed; no batch until it works again", { error });
    } finally {
      this.busy = false;
    }
  }
}
