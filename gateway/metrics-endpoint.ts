/**
 * GET /metrics: every connected node's latest metrics (metrics-store.ts) followed by the gateway's
 * own figures, in the Prometheus text format. The nodes' part is pre-rendered bytes, written
 * without being joined into one buffer (tens of MiB with a thousand nodes).
 */
import type { ServerResponse } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { GatewayStats } from "./agent-connection";
import { EXPOSITION_CONTENT_TYPE, familyHeader, sampleLine, type MetricType } from "./exposition";
import type { MetricsStore } from "./metrics-store";

export type ExpositionSources = {
  store: MetricsStore;
  stats: GatewayStats;
  connections: () => number;
  heartbeats: () => number;
};

type Figure = { name: string; help: string; type: MetricType; samples: Array<[labels: string, value: number]> };

const one = (name: string, help: string, type: MetricType, value: number): Figure => ({ name, help, type, samples: [["", value]] });

export class MetricsEndpoint {
  /** Event-loop delay since the previous scrape: what agents' messages wait before being read. */
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });
  private lastWriteSeconds = 0;
  private scrapes = 0;

  constructor(private readonly sources: ExpositionSources) {
    this.loop.enable();
  }

  write(res: ServerResponse): void {
    const started = performance.now();
    const chunks = this.sources.store.render();
    chunks.push(Buffer.from(this.ownFigures()));
    res.writeHead(200, {
      "content-type": EXPOSITION_CONTENT_TYPE,
      "cache-control": "no-store",
      "content-length": chunks.reduce((n, c) => n + c.length, 0),
    });
    res.cork();
    for (const c of chunks) res.write(c);
    res.end();
    res.uncork();
    this.scrapes++;
    this.lastWriteSeconds = (performance.now() - started) / 1000;
  }

  private ownFigures(): string {
    const { stats, store } = this.sources;
    const cpu = process.cpuUsage();
    const delay = (q: number) => (this.loop.count ? this.loop.percentile(q) / 1e9 : 0);
    const figures: Figure[] = [
      one("wharf_gateway_connections", "Agent connections this gateway holds.", "gauge", this.sources.connections()),
      one("wharf_gateway_agent_messages_total", "Messages received from agents.", "counter", stats.messages),
      one("wharf_gateway_heartbeats_total", "Heartbeats received from agents.", "counter", this.sources.heartbeats()),
      one("wharf_gateway_metrics_batches_total", "Metrics batches received from agents.", "counter", stats.metricsBatches),
      one("wharf_gateway_log_batches_total", "Log batches stored and acknowledged.", "counter", stats.logBatches),
      one("wharf_gateway_log_lines_total", "Log lines stored (re-sent duplicates not counted).", "counter", stats.logLines),
      one("wharf_gateway_commands_relayed_total", "Commands delivered to agents.", "counter", stats.commandsRelayed),
      one("wharf_gateway_over_budget_total", "Connections closed for going over a message budget.", "counter", stats.overBudget),
      one("wharf_gateway_throttled_total", "Times reading an agent's socket was paused.", "counter", stats.throttled),
      one("wharf_gateway_metrics_nodes", "Nodes whose latest metrics this gateway exposes.", "gauge", store.size),
      one("wharf_gateway_metrics_series", "Node and container series this gateway exposes.", "gauge", store.series),
      one("wharf_gateway_scrapes_total", "Scrapes of /metrics answered.", "counter", this.scrapes),
      one(
        "wharf_gateway_scrape_write_seconds",
        "Time the previous scrape took to render and hand its answer to the socket.",
        "gauge",
        this.lastWriteSeconds,
      ),
      {
        name: "wharf_gateway_event_loop_delay_seconds",
        help: "Event-loop delay since the previous scrape, by quantile.",
        type: "gauge",
        samples: [
          ['quantile="0.5"', delay(50)],
          ['quantile="0.99"', delay(99)],
          ['quantile="1"', this.loop.count ? this.loop.max / 1e9 : 0],
        ],
      },
      one("process_cpu_seconds_total", "User and system CPU time of the gateway process.", "counter", (cpu.user + cpu.system) / 1e6),
      one("process_resident_memory_bytes", "Resident memory of the gateway process.", "gauge", process.memoryUsage.rss()),
      one(
        "process_start_time_seconds",
        "When the gateway process started (unix seconds).",
        "gauge",
        Math.round(Date.now() / 1000 - process.uptime()),
      ),
    ];
    this.loop.reset();
    return figures.map((f) => familyHeader(f) + f.samples.map(([labels, v]) => sampleLine(f.name, labels, v)).join("")).join("");
  }
}
