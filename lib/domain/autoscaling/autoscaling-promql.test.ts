import { describe, expect, it } from "vitest";
import { METRIC } from "@/lib/metrics/metric-names";
import { serviceAveragesQuery, serviceKey } from "./autoscaling-promql";

describe("serviceAveragesQuery", () => {
  it("averages each service's tasks over the window, for the given organisations only", () => {
    expect(
      serviceAveragesQuery({
        series: METRIC.containerCpuPercent,
        windowSeconds: 10,
        orgIds: ["orga0000000000000000000000", "orgb0000000000000000000000"],
      }),
    ).toBe(
      'avg by (org, application, service) (max by (org, application, service, task) (avg_over_time(wharf_container_cpu_percent{org=~"orga0000000000000000000000|orgb0000000000000000000000"}[10s])))',
    );
  });

  it("cannot be widened by an odd organisation id: regex characters and quotes are escaped", () => {
    const query = serviceAveragesQuery({ series: METRIC.containerMemoryPercent, windowSeconds: 30, orgIds: ['a.*"}|x'] });
    // PromQL string "a\\.\\*\"\\}\\|x" is the regex a\.\*"\}\|x: every character literal.
    expect(query).toContain(String.raw`{org=~"a\\.\\*\"\\}\\|x"}[30s]`);
  });

  it("refuses a query without an organisation", () => {
    expect(() => serviceAveragesQuery({ series: METRIC.containerCpuPercent, windowSeconds: 10, orgIds: [] })).toThrow(
      /at least one organisation/,
    );
  });

  it("keys results by organisation, application and service", () => {
    expect(serviceKey("o", "a", "s")).not.toBe(serviceKey("o", "a,s", ""));
  });
});
