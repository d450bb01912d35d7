import { describe, expect, it } from "vitest";
import { federationFilterSchema } from "@/lib/schemas/metrics-federation";
import { federationSelectors, keepOrgSeries, parseSampleLine } from "./federation-filter";

describe("federation selectors", () => {
  it("always carry the caller's organisation and Wharf's series only", () => {
    expect(federationSelectors("orga1234", {})).toEqual(['{__name__=~"wharf_.*",org="orga1234"}']);
  });

  it("add typed filters as matchers, one selector per series name", () => {
    const filter = federationFilterSchema.parse({
      metric: "wharf_container_cpu_percent, wharf_node_load1",
      application: "shop",
      service: "web",
      cluster: "cluster01",
    });
    expect(federationSelectors("orga1234", filter)).toEqual([
      '{__name__=~"wharf_.*",org="orga1234",cluster="cluster01",application="shop",service="web",__name__="wharf_container_cpu_percent"}',
      '{__name__=~"wharf_.*",org="orga1234",cluster="cluster01",application="shop",service="web",__name__="wharf_node_load1"}',
    ]);
  });

  it("refuse raw selectors, unknown series, names that are not names, and unknown parameters", () => {
    for (const query of [
      { "match[]": '{org=~".+"}' },
      { metric: "up" },
      { metric: 'wharf_node_load1{org=~".+"}' },
      { application: 'x",org=~".+' },
      { service: "web\n" },
      { cluster: "../x" },
      { org: "someone-else" },
    ]) {
      expect(federationFilterSchema.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });
});

describe("the organisation check on Prometheus' answer", () => {
  const text = [
    "# TYPE wharf_container_cpu_percent untyped",
    'wharf_container_cpu_percent{application="shop",container="c1",instance="127.0.0.1:3291",job="wharf-gateway",org="orgA"} 12.5 1700000000000',
    'wharf_container_cpu_percent{application="x\\",org=\\"orgA",container="c2",org="orgB"} 99 1700000000000',
    'wharf_container_cpu_percent{application="shop",container="c3",org="orgA"} 7 1700000000000',
    "# TYPE wharf_node_load1 untyped",
    'wharf_node_load1{node="n2",org="orgB"} 0.5 1700000000000',
    "# TYPE up untyped",
    'up{org="orgA"} 1 1700000000000',
    'wharf_node_load1{node="n1"} 0.5 1700000000000',
    'wharf_node_load1{org="orgA",org="orgB"} 0.5 1700000000000',
    'wharf_node_load1{org="orgA" 0.5',
    "",
  ].join("\n");

  it("keeps only samples whose org label is the caller's, with their TYPE lines and without the gateway's address", () => {
    expect(keepOrgSeries(text, "orgA").split("\n")).toEqual([
      "# TYPE wharf_container_cpu_percent untyped",
      'wharf_container_cpu_percent{application="shop",container="c1",job="wharf-gateway",org="orgA"} 12.5 1700000000000',
      'wharf_container_cpu_percent{application="shop",container="c3",org="orgA"} 7 1700000000000',
      "",
    ]);
    expect(keepOrgSeries(text, "orgB").split("\n")).toEqual([
      "# TYPE wharf_container_cpu_percent untyped",
      'wharf_container_cpu_percent{application="x\\",org=\\"orgA",container="c2",org="orgB"} 99 1700000000000',
      "# TYPE wharf_node_load1 untyped",
      'wharf_node_load1{node="n2",org="orgB"} 0.5 1700000000000',
      "",
    ]);
    expect(keepOrgSeries(text, "orgC")).toBe("");
  });

  it("reads escaped label values", () => {
    expect(parseSampleLine('m{a="x\\\\y\\"z\\nw",b=""} 1')?.labels).toEqual(
      new Map([
        ["a", 'x\\y"z\nw'],
        ["b", ""],
      ]),
    );
    expect(parseSampleLine("m 1")).toBeNull();
  });
});
