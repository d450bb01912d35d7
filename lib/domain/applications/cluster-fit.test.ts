import { describe, expect, it } from "vitest";
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";
import { clusterFitWarnings, meetsConstraint, parseConstraint, type FitNode } from "./cluster-fit";
import { compileTemplate } from "./compile-template";

const services = (compose: string) =>
  compileTemplate({ compose, env: {}, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY }).services;
const node = (over: Partial<FitNode> = {}): FitNode => ({
  hostname: "n1",
  swarmNodeId: "sw1",
  role: "WORKER",
  labels: {},
  gpuCount: 0,
  schedulable: true,
  volumeDrivers: ["local"],
  ...over,
});
const TWO = [
  node({ hostname: "a", labels: { zone: "eu" } }),
  node({ hostname: "b", swarmNodeId: "sw2", role: "MANAGER", labels: { zone: "us" }, gpuCount: 2 }),
];

describe("constraints", () => {
  it("parses Swarm's == and != forms and nothing else", () => {
    expect(parseConstraint("node.labels.zone == eu")).toEqual({ key: "node.labels.zone", op: "==", value: "eu" });
    expect(parseConstraint("node.role!=manager")).toEqual({ key: "node.role", op: "!=", value: "manager" });
    expect(parseConstraint("node.role ~ manager")).toBeNull();
  });

  it("compares like Swarm: case-insensitive, a missing label never equals, unknown keys are taken as met", () => {
    const n = node({ labels: { zone: "EU" } });
    expect(meetsConstraint(n, { key: "node.labels.zone", op: "==", value: "eu" })).toBe(true);
    expect(meetsConstraint(n, { key: "node.labels.rack", op: "==", value: "" })).toBe(false);
    expect(meetsConstraint(n, { key: "node.labels.rack", op: "!=", value: "r1" })).toBe(true);
    expect(meetsConstraint(n, { key: "node.role", op: "==", value: "worker" })).toBe(true);
    expect(meetsConstraint(n, { key: "engine.labels.disk", op: "==", value: "ssd" })).toBe(true);
  });
});

describe("clusterFitWarnings", () => {
  it("says nothing when the template fits", () => {
    expect(
      clusterFitWarnings({
        services: services(
          "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n      placement:\n        constraints: [node.labels.zone == eu]\n",
        ),
        nodes: TWO,
      }),
    ).toEqual([]);
  });

  it("an empty cluster: nothing will run until a machine joins", () => {
    expect(clusterFitWarnings({ services: services("services:\n  web:\n    image: nginx\n"), nodes: [] })).toEqual([
      expect.objectContaining({ code: "cluster", path: "", message: expect.stringMatching(/no ready node/) }),
    ]);
  });

  it("constraints that match no ready node", () => {
    const w = clusterFitWarnings({
      services: services(
        "services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n        constraints: [node.labels.zone == ap, node.role == worker]\n",
      ),
      nodes: TWO,
    });
    expect(w).toEqual([
      {
        severity: "warning",
        code: "cluster",
        path: "services.web.deploy.placement.constraints",
        message:
          "No ready node of the cluster matches web's constraints (node.labels.zone == ap, node.role == worker): its tasks would wait as pending and the deployment fail",
      },
    ]);
  });

  it("drained nodes are not eligible", () => {
    const w = clusterFitWarnings({
      services: services("services:\n  web:\n    image: nginx\n"),
      nodes: TWO.map((n) => ({ ...n, schedulable: false })),
    });
    expect(w[0]?.message).toMatch(/No ready node of the cluster is active/);
  });

  it("GPU reservations no eligible node can satisfy", () => {
    const compose = (gpus: number) => `services:\n  train:\n    image: nginx\n    labels:\n      wharf.gpu: "${gpus}"\n`;
    expect(clusterFitWarnings({ services: services(compose(2)), nodes: TWO })).toEqual([]);
    expect(clusterFitWarnings({ services: services(compose(3)), nodes: TWO })).toEqual([
      expect.objectContaining({
        path: "services.train.deploy.resources.reservations",
        message: "train reserves 3 GPUs; no eligible node has that many (the most is 2)",
      }),
    ]);
  });

  it("more replicas than eligible nodes for a fixed host port", () => {
    const compose = (replicas: number) =>
      `services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    deploy:\n      replicas: ${replicas}\n`;
    expect(clusterFitWarnings({ services: services(compose(2)), nodes: TWO })).toEqual([]);
    expect(clusterFitWarnings({ services: services(compose(3)), nodes: TWO })).toEqual([
      expect.objectContaining({
        path: "services.web.ports",
        message: "web publishes host port 8080/tcp, so one task per node: at most 2 of its 3 replicas can run on the 2 eligible nodes",
      }),
    ]);
    // Without a fixed published port any number of replicas fit.
    expect(
      clusterFitWarnings({
        services: services('services:\n  web:\n    image: nginx\n    ports: ["80"]\n    deploy:\n      replicas: 5\n'),
        nodes: TWO,
      }),
    ).toEqual([]);
  });

  it("volume drivers no eligible node has, judged only when every eligible node reported its drivers", () => {
    const compose = (driver: string) =>
      `services:\n  db:\n    image: postgres\n    volumes: ["data:/var/lib/postgresql/data"]\nvolumes:\n  data:\n    driver: ${driver}\n`;
    const withPlugin = [node({ hostname: "a" }), node({ hostname: "b", volumeDrivers: ["local", "rexray/ebs:latest"] })];
    expect(clusterFitWarnings({ services: services(compose("local")), nodes: TWO })).toEqual([]);
    expect(clusterFitWarnings({ services: services(compose("rexray/ebs")), nodes: withPlugin })).toEqual([]);
    expect(clusterFitWarnings({ services: services(compose("ossfs")), nodes: withPlugin })).toEqual([
      expect.objectContaining({
        path: "services.db.volumes",
        message: expect.stringMatching(
          /^db mounts a volume of driver "ossfs", which no eligible node has: Swarm would leave its tasks pending \("missing plugin"\)/,
        ),
      }),
    ]);
    // An agent that does not report drivers: nothing is claimed.
    expect(clusterFitWarnings({ services: services(compose("ossfs")), nodes: [node({ volumeDrivers: null })] })).toEqual([]);
  });
});
