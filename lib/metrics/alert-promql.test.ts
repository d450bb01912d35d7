import { describe, expect, it } from "vitest";
import { expectOrgScoped, HOSTILE } from "../../tests/support/metrics/promql-selectors";
import { nodeCpuAbove, nodeMemoryAbove, serviceCpuAbove, serviceMemoryAbove, taskRestartsAtLeast } from "./alert-promql";

const ORG = "orgaaaaaaaaaaaaaaaaaaaa1";

const every = (value: string) => {
  const scope = { orgId: ORG, clusterId: value, nodeId: value, application: value, service: value };
  return [
    serviceCpuAbove(scope, 80),
    serviceMemoryAbove(scope, 90),
    nodeCpuAbove(scope, 75),
    nodeMemoryAbove(scope, 85),
    taskRestartsAtLeast(scope, 3, 300),
  ];
};

describe("alert rule PromQL", () => {
  it("starts every selector with the rule's organisation, and quotes every other value", () => {
    for (const value of ["c1", HOSTILE]) {
      expectOrgScoped(every(value), ORG, value);
    }
  });

  it("narrows only by what the rule names", () => {
    expect(serviceCpuAbove({ orgId: ORG }, 80)).toBe(
      `avg by (org, cluster, application, service) (max by (org, cluster, application, service, task) (wharf_container_cpu_percent{org="${ORG}"})) > 80`,
    );
    expect(nodeMemoryAbove({ orgId: ORG, nodeId: "n1" }, 85.5)).toBe(
      `100 * max by (org, cluster, node, hostname) (wharf_node_memory_used_bytes{org="${ORG}",node="n1"}) / max by (org, cluster, node, hostname) (wharf_node_memory_total_bytes{org="${ORG}",node="n1"}) > 85.5`,
    );
  });

  it("counts restarts within the window, every restart of a younger service", () => {
    const q = taskRestartsAtLeast({ orgId: ORG, application: "shop", service: "web" }, 2, 300);
    expect(q).toContain('wharf_container_restarts{org="' + ORG + '",application="shop",service="web"} offset 300s');
    expect(q).toMatch(/ or \(sum by .* \* 0\)\)\) >= 2$/);
  });

  it("refuses a rule without an organisation and a threshold that is not a number", () => {
    expect(() => serviceCpuAbove({ orgId: "" }, 80)).toThrow(/organisation/);
    expect(() => nodeCpuAbove({ orgId: ORG }, Number.NaN)).toThrow(/finite/);
  });
});
