import { describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import {
  anyContainerSeries,
  nodeChartQueries,
  seriesSelector,
  serviceChartQueries,
  taskChartQueries,
  utilisationQueries,
  type PanelQuery,
} from "./chart-promql";
import { chartInstants, chartWindow } from "./chart-window";
import { onGrid } from "./chart-series";
import { expectOrgScoped, HOSTILE } from "@/tests/support/metrics/promql-selectors";

const ORG = "orgaaaaaaaaaaaaaaaaaaaa1";

const allQueries = (panels: PanelQuery[]) => panels.flatMap((p) => p.series.map((s) => s.promql));

function everyChart(orgId: string, value: string): string[] {
  return [
    ...allQueries(nodeChartQueries({ orgId, clusterId: value, nodeId: value }, 30)),
    ...allQueries(serviceChartQueries({ orgId, clusterId: value, application: value, service: value }, 30)),
    ...allQueries(taskChartQueries({ orgId, clusterId: value, application: value, task: value }, 30)),
    ...Object.values(utilisationQueries({ orgId, clusterId: value }, 60)),
    anyContainerSeries({ orgId, application: value, task: value }, 604_800),
  ];
}

describe("chart PromQL", () => {
  it("starts every selector of every chart with the caller's organisation, whatever the other values", () => {
    for (const value of ["c1", HOSTILE]) {
      const queries = everyChart(ORG, value);
      expect(queries.length).toBeGreaterThan(12);
      expectOrgScoped(queries, ORG, value);
    }
  });

  it("refuses to build a selector without an organisation", () => {
    expect(() => seriesSelector(METRIC.nodeCpuPercent, { orgId: "" })).toThrow(/organisation/);
  });

  it("narrows by the labels given, in a fixed order", () => {
    expect(seriesSelector(METRIC.containerCpuPercent, { orgId: ORG, clusterId: "c1", application: "shop", service: "web" })).toBe(
      `wharf_container_cpu_percent{org="${ORG}",cluster="c1",application="shop",service="web"}`,
    );
    expect(seriesSelector(METRIC.nodeCpuPercent, { orgId: ORG, nodeId: "n1" })).toBe(`wharf_node_cpu_percent{org="${ORG}",node="n1"}`);
  });

  it("escapes label values so a name cannot close the selector or add a matcher", () => {
    const s = seriesSelector(METRIC.containerCpuPercent, { orgId: ORG, application: HOSTILE });
    expect(s).toBe(`wharf_container_cpu_percent{org="${ORG}",application="web\\"} or vector(1) or up{x=\\"\\\\"}`);
    for (const q of everyChart(ORG, HOSTILE)) {
      // Outside quoted strings only Wharf's own text remains: no `or`, no second selector.
      const unquoted = q.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(unquoted, q).not.toMatch(/\bor\b|vector|\bup\b/);
    }
    // An organisation id is quoted the same way (ids are cuids, but the builder does not rely on it).
    expect(seriesSelector(METRIC.nodeCpuPercent, { orgId: 'a"b' })).toBe('wharf_node_cpu_percent{org="a\\"b"}');
  });

  it("averages a service over its tasks and splits it per task, deduplicating a sample two gateways exposed", () => {
    const [cpu] = serviceChartQueries({ orgId: ORG, clusterId: "c1", application: "shop", service: "web" }, 30);
    expect(cpu?.series.map((s) => s.promql)).toEqual([
      `avg(max by (task) (avg_over_time(wharf_container_cpu_percent{org="${ORG}",cluster="c1",application="shop",service="web"}[30s])))`,
      `max by (task, hostname) (avg_over_time(wharf_container_cpu_percent{org="${ORG}",cluster="c1",application="shop",service="web"}[30s]))`,
    ]);
  });
});

describe("chart window", () => {
  it("chooses a step giving 120-300 points for every range", () => {
    for (const range of ["15m", "1h", "24h", "7d"] as const) {
      const w = chartWindow(range, new Date("2026-12-03T10:00:00.500Z"));
      const n = chartInstants(w).length;
      expect(n, range).toBeGreaterThanOrEqual(120);
      expect(n, range).toBeLessThanOrEqual(300);
      expect(w.smoothingSeconds).toBeGreaterThanOrEqual(w.stepSeconds);
      expect(w.end.toISOString()).toBe("2026-12-03T10:00:00.000Z");
    }
  });

  it("puts Prometheus points on the grid, gaps and non-finite values as null", () => {
    const instants = [1_000, 6_000, 11_000];
    expect(
      onGrid(
        [
          [1, 5],
          [11, Number.NaN],
        ],
        instants,
      ),
    ).toEqual([
      [1_000, 5],
      [6_000, null],
      [11_000, null],
    ]);
    expect(onGrid([[6, Number.POSITIVE_INFINITY]], instants)).toEqual([
      [1_000, null],
      [6_000, null],
      [11_000, null],
    ]);
  });
});
