import { describe, expect, it } from "vitest";
import type { CommandPayload, CommandResult, CommandType } from "@/lib/protocol/commands";
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";
import { statusService } from "../../testing/status-service";
import { compileTemplate } from "../compile-template";
import { nextServiceRows } from "../next-service-rows";
import { planDeployment } from "../plan-deployment";
import { stepTitle, type ApplyOptions, type DeployStep, type PlacementNode } from "./deploy-steps";
import { deployPlanned, type StepCluster } from "./run-steps";

type Status = CommandResult<"services.status">;
type Sent = { type: CommandType; payload: unknown };

const LABELS = { "wharf.org": "acme", "wharf.app": "shop" };

/**
 * A stand-in manager that answers every command the way a healthy swarm would and records what it
 * was sent. Unit-level only: the same executor runs against real swarms in the integration suite.
 */
function recordingCluster(leftover: string[] = []) {
  const sent: Sent[] = [];
  const pinned: string[] = [];
  const status = (names: string[]): Status => ({
    services: names.map((name, i) => statusService({ id: `s${i}`, name, labels: LABELS, image: "x" })),
    tasks: [],
  });
  const answer = (type: CommandType, payload: unknown): unknown => {
    switch (type) {
      case "network.ensure":
      case "secret.ensure":
      case "config.ensure":
        return { id: `id-${(payload as { name: string }).name}`, created: true };
      case "service.remove":
        return { removed: true };
      case "services.status":
        return status(leftover);
      case "app.prune":
        return { removed: { secrets: [], configs: [], networks: [] }, failed: [] };
      default:
        throw new Error(`unexpected command ${type}`);
    }
  };
  const cluster: StepCluster = {
    send: async <T extends CommandType>(type: T, payload: CommandPayload<T>) => {
      sent.push({ type, payload });
      return answer(type, payload) as CommandResult<T>;
    },
    applySpec: async (spec, flags) => {
      sent.push({ type: "service.apply", payload: { spec, ...flags } });
      return { id: spec.Name, version: 1, created: true, updated: false, warnings: [] };
    },
    pin: async (service) => {
      pinned.push(service.name);
    },
    waitConverged: async (names) => status(names),
  };
  return { cluster, sent, pinned };
}

const node = (over: Partial<PlacementNode> = {}): PlacementNode => ({
  swarmNodeId: "sw1",
  hostname: "n1",
  cpuCores: 4,
  memoryBytes: 8e9,
  gpuCount: 0,
  swarmLabels: {},
  availability: "ACTIVE",
  ...over,
});

type Case = {
  name: string;
  compose: string;
  existing?: Array<{ name: string; swarmName: string; replicas: number | null; spec: unknown }>;
  nodes?: PlacementNode[];
  options?: ApplyOptions;
  leftover?: string[];
};

const WEB_DB = `services:
  web:
    image: nginx
    depends_on: [db]
    secrets: [db_password]
    configs: [site]
  db:
    image: postgres
    secrets: [db_password]
    volumes: ["data:/var/lib/postgresql/data"]
volumes:
  data: {}
secrets:
  db_password:
    environment: DB_PASSWORD
configs:
  site:
    content: "server { listen 80; }"
`;

const CASES: Case[] = [
  { name: "a new application with dependencies, a secret and a config", compose: WEB_DB },
  {
    name: "a new version of a running application: scaled replicas kept, a removed service left behind",
    compose: WEB_DB,
    existing: [
      { name: "web", swarmName: "shop_web", replicas: 3, spec: { Name: "shop_web", Mode: { Replicated: { Replicas: 1 } } } },
      { name: "db", swarmName: "shop_db", replicas: 1, spec: { Name: "shop_db", Mode: { Replicated: { Replicas: 1 } } } },
      { name: "old", swarmName: "shop_old", replicas: 1, spec: { Name: "shop_old" } },
    ],
    leftover: ["shop_web", "shop_db", "shop_old"],
  },
  {
    name: "binpack placement, pinned before anything is created",
    compose: "services:\n  api:\n    image: nginx\n    labels:\n      wharf.scheduling.strategy: binpack\n",
    nodes: [node(), node({ swarmNodeId: "sw2", hostname: "n2" })],
  },
  {
    name: "a stopped application with a global service",
    compose: "services:\n  agent:\n    image: nginx\n    deploy:\n      mode: global\n  web:\n    image: nginx\n",
    options: { stopped: true },
  },
  { name: "a restart", compose: "services:\n  web:\n    image: nginx\n", options: { forceUpdate: true } },
];

function compile(compose: string) {
  return compileTemplate({ compose, env: { DB_PASSWORD: "s3cret" }, appName: "shop", orgSlug: "acme", policy: STRICT_POLICY });
}

async function runWorker(c: Case, compiled: ReturnType<typeof compile>) {
  const { cluster, sent, pinned } = recordingCluster(c.leftover);
  const executed: DeployStep[] = [];
  // The worker plans from the rows the new version left behind (syncServices writes nextServiceRows).
  const current = nextServiceRows(c.existing ?? [], compiled);
  const run = deployPlanned({
    compiled,
    current,
    nodes: c.nodes ?? [node()],
    options: c.options ?? {},
    labels: LABELS,
    cluster,
    progress: { step: async () => undefined },
    onStep: (s) => executed.push(s),
  });
  return { run, executed, sent, pinned };
}

describe("the previewed plan is the plan that runs", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const compiled = compile(c.compose);
      const preview = planDeployment({ compiled, existing: c.existing ?? [], nodes: c.nodes ?? [node()], options: c.options });
      const { run, executed, sent } = await runWorker(c, compiled);
      await run;
      // Same steps, same names, same order.
      expect(executed.map(stepTitle)).toEqual(preview.steps.map((s) => s.title));
      // Every command sent belongs to a planned step, with the names the preview showed.
      const ensured = (type: CommandType) => sent.filter((x) => x.type === type).map((x) => (x.payload as { name: string }).name);
      expect(ensured("secret.ensure")).toEqual(preview.secrets.map((s) => s.name));
      expect(ensured("config.ensure")).toEqual(preview.configs.map((s) => s.name));
      const applied = sent.filter((x) => x.type === "service.apply").map((x) => (x.payload as { spec: { Name: string } }).spec.Name);
      expect(applied).toEqual(executed.flatMap((s) => (s.kind === "apply" ? [s.swarmName] : [])));
    });
  }

  it("names the services a dependency wait is for as the compose file does, and waits on their Swarm services", async () => {
    const compiled = compile(WEB_DB);
    const preview = planDeployment({ compiled, existing: [] });
    expect(preview.steps.map((s) => s.title)).toContain("Wait for db before starting the services that depend on them");
    const waited: string[][] = [];
    const { cluster } = recordingCluster();
    const progress: string[] = [];
    await deployPlanned({
      compiled,
      current: nextServiceRows([], compiled),
      nodes: [node()],
      options: {},
      labels: LABELS,
      cluster: { ...cluster, waitConverged: async (names, purpose) => (waited.push(names), cluster.waitConverged(names, purpose)) },
      progress: { step: async (m) => void progress.push(m) },
    });
    expect(waited[0]).toEqual(["shop_db"]);
    expect(progress).toContain("Waiting for db before starting the services that depend on them");
  });

  it("content-names secrets and configs, and the applied specs point at those names", async () => {
    const compiled = compile(WEB_DB);
    const preview = planDeployment({ compiled, existing: [] });
    expect(preview.secrets.map((s) => s.name)).toEqual([expect.stringMatching(/^shop_db_password_[0-9a-f]{10}$/)]);
    const { run, sent } = await runWorker(CASES[0] as Case, compiled);
    await run;
    const web = sent.find((x) => x.type === "service.apply" && (x.payload as { spec: { Name: string } }).spec.Name === "shop_web");
    const refs = (
      web?.payload as { spec: { TaskTemplate: { ContainerSpec: { Secrets: Array<{ SecretName: string; SecretID: string }> } } } }
    ).spec.TaskTemplate.ContainerSpec.Secrets;
    expect(refs).toEqual([expect.objectContaining({ SecretName: preview.secrets[0]?.name, SecretID: `id-${preview.secrets[0]?.name}` })]);
  });

  it("a placement refusal in the preview is where the deployment stops, before any command", async () => {
    const c: Case = {
      name: "gpu",
      compose: 'services:\n  web:\n    image: nginx\n  train:\n    image: nginx\n    labels:\n      wharf.gpu: "2"\n',
      nodes: [node({ gpuCount: 1 })],
    };
    const compiled = compile(c.compose);
    const preview = planDeployment({ compiled, existing: [], nodes: c.nodes });
    expect(preview.steps[0]).toEqual({
      kind: "place",
      title: "Refused: train needs 2 GPUs; no connected node of this cluster has that many",
      refused: true,
    });
    const { run, executed, sent, pinned } = await runWorker(c, compiled);
    await expect(run).rejects.toThrow("train needs 2 GPUs; no connected node of this cluster has that many");
    expect(executed.map(stepTitle)).toEqual([preview.steps[0]?.title]);
    expect(sent).toEqual([]);
    expect(pinned).toEqual([]);
  });

  it("pins a service that needs the compose scheduler as its placement step says", async () => {
    const c = CASES[2] as Case;
    const compiled = compile(c.compose);
    const preview = planDeployment({ compiled, existing: [], nodes: c.nodes });
    expect(preview.steps[0]).toMatchObject({ kind: "place", title: "Place api (binpack) on nodes with room for it" });
    const { run, pinned } = await runWorker(c, compiled);
    await run;
    expect(pinned).toEqual(["api"]);
  });

  it("says which nodes meet a soft affinity, or that it falls back when none does", () => {
    const compiled = compile(
      'services:\n  web:\n    image: nginx\n    environment:\n      - "affinity:image==~redis"\n      - "affinity:service!=~db"\n',
    );
    const nodes = [
      node({ swarmLabels: { "wharf.image.redis": "true", "wharf.svc.shop.db": "true" } }),
      node({ swarmNodeId: "sw2", hostname: "n2", swarmLabels: {} }),
    ];
    const preview = planDeployment({ compiled, existing: [], nodes });
    expect(preview.steps[0]?.title).toBe(
      "Place web (spread) on nodes with room for it, preferring affinity:image==~redis (met by n1), preferring affinity:service!=~db (met by n2)",
    );
    const none = planDeployment({ compiled, existing: [], nodes: [node({ swarmLabels: { "wharf.svc.shop.db": "true" } })] });
    expect(none.steps[0]?.title).toBe(
      "Place web (spread) on nodes with room for it, preferring affinity:image==~redis (no node meets it: placed without it), preferring affinity:service!=~db (no node meets it: placed without it)",
    );
  });

  it("removes what the swarm runs under the application's labels that the template no longer has", async () => {
    const c = CASES[1] as Case;
    const { run, sent } = await runWorker(c, compile(c.compose));
    await run;
    expect(sent.filter((x) => x.type === "service.remove").map((x) => (x.payload as { name: string }).name)).toEqual(["shop_old"]);
  });
});
