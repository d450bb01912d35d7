import { describe, expect, it } from "vitest";
import { decodeLogStores, LOG_STORES_LABEL } from "@/lib/protocol/logs";
import { loadCompose } from "./index";
import { AUTO_SCALING_DEFAULTS } from "./auto-scaling-checks";

// The example from the product brief (MISSION.md); it must deploy as is.
const MISSION_EXAMPLE = `version: "3.0"
services:
  nginx:
    image: nginx:latest
    deploy:
      mode: replicated
      replicas: 3
    ports:
      - 8080:80
    labels:
      aliyun.lb.port_8080: tcp://slbtest:8080
      aliyun.log_store_dbstdout: stdout
      aliyun.log_store_varlog: /var/log/*.log
      aliyun.auto_scaling.max_cpu: 70
      aliyun.auto_scaling.step: 2
    volumes:
      - website:/usr/share/nginx/html
volumes:
  website:
    driver: ossfs
    driver_opts:
      bucket: acs-sample
`;

const load = (text: string, env: Record<string, string> = {}) => loadCompose({ text, env, appName: "shop", orgSlug: "acme" });

describe("loadCompose: the brief's example", () => {
  const result = load(MISSION_EXAMPLE);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  const service = result.services[0];

  it("loads with one service and no silently dropped keys", () => {
    expect(result.services.map((s) => s.name)).toEqual(["nginx"]);
    // Every key of the file is accounted for: nothing unknown or unsupported was found.
    expect(result.warnings.filter((w) => w.code === "unknown-key" || w.code === "unsupported")).toEqual([]);
    expect(result.app.version).toBe("3.0");
    expect(result.app.format).toBe("v3");
  });

  it("runs 3 replicas of the image", () => {
    expect(service?.spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(service?.spec.TaskTemplate.ContainerSpec.Image).toBe("nginx:latest");
  });

  it("publishes the load-balanced port 80 in host mode on an engine-chosen port, with DNS round-robin", () => {
    // lb.port_8080 binds 8080:80: the balancer reaches each task on the port the engine picks for it,
    // so 3 replicas fit on one node; the fixed 8080 is ignored, with a note saying so.
    expect(service?.spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishMode: "host" }] });
    expect(result.ok && result.notes).toEqual([
      expect.objectContaining({
        severity: "info",
        path: 'services.nginx.labels["aliyun.lb.port_8080"]',
        message: expect.stringContaining('"8080:80" is ignored'),
      }),
    ]);
  });

  it("mounts the ossfs volume with its driver options", () => {
    expect(service?.spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      expect.objectContaining({
        Type: "volume",
        Source: "shop_website",
        Target: "/usr/share/nginx/html",
        VolumeOptions: expect.objectContaining({ DriverConfig: { Name: "ossfs", Options: { bucket: "acs-sample" } } }),
      }),
    ]);
    expect(result.volumes).toEqual([
      expect.objectContaining({ Name: "shop_website", Driver: "ossfs", DriverOpts: { bucket: "acs-sample" } }),
    ]);
  });

  it("reads autoscaling, log stores and the load balancer binding", () => {
    expect(service?.extensions.autoScaling).toEqual({
      cpu: { max: 70 },
      step: 2,
      minInstances: 1,
      maxInstances: 10,
      ...AUTO_SCALING_DEFAULTS,
    });
    expect(service?.extensions.logs.stores).toEqual([
      { name: "dbstdout", source: { kind: "stdout" } },
      { name: "varlog", source: { kind: "file", path: "/var/log/*.log" } },
    ]);
    // The agent reads the stores off this one container label (lib/protocol/logs.ts).
    expect(decodeLogStores(service?.spec.TaskTemplate.ContainerSpec.Labels?.[LOG_STORES_LABEL])).toEqual([
      { name: "dbstdout", source: "stdout" },
      { name: "varlog", source: "/var/log/*.log" },
    ]);
    expect(service?.extensions.lb).toEqual([
      { containerPort: 80, protocol: "tcp", scheme: "tcp", lbName: "slbtest", frontPort: 8080, label: "aliyun.lb.port_8080" },
    ]);
  });

  it("labels every object for the agent and creates the app network", () => {
    const system = { "wharf.org": "acme", "wharf.app": "shop", "wharf.service": "nginx" };
    expect(service?.spec.Labels).toMatchObject(system);
    expect(service?.spec.TaskTemplate.ContainerSpec.Labels).toMatchObject(system);
    expect(result.networks).toEqual([
      expect.objectContaining({
        Name: "shop_default",
        Driver: "overlay",
        Labels: expect.objectContaining({ "wharf.org": "acme", "wharf.app": "shop" }),
      }),
    ]);
    expect(service?.spec.TaskTemplate.Networks).toEqual([{ Target: "shop_default", Aliases: ["nginx"] }]);
  });
});

describe("loadCompose", () => {
  it("interpolates deploy variables and returns services in start order", () => {
    const result = load(
      "services:\n  web:\n    image: nginx:${TAG:-1.27}\n    depends_on: [api]\n  api:\n    image: api:${TAG:?set TAG}\n",
      { TAG: "2" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.services.map((s) => [s.name, s.spec.TaskTemplate.ContainerSpec.Image])).toEqual([
      ["api", "api:2"],
      ["web", "nginx:2"],
    ]);
    expect(result.startOrder).toEqual([["api"], ["web"]]);
  });

  it("collects errors from every stage in one pass", () => {
    const result = load("services:\n  web:\n    image: nginx:${TAG:?set TAG}\n    deploy:\n      replicas: many\n    bogus: 1\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.path, e.line])).toEqual([
      ["interpolation", "services.web.image", 3],
      ["unknown-key", "services.web.bogus", 6],
      ["invalid", "services.web.deploy.replicas", 5],
    ]);
  });

  it("groups warnings per service", () => {
    const result = load("services:\n  web:\n    image: nginx\n    container_name: w\n  db:\n    image: redis\n    shm_size: 64m\n");
    if (!result.ok) throw new Error("expected ok");
    expect(result.services.find((s) => s.name === "web")?.warnings.map((w) => w.path)).toEqual(["services.web.container_name"]);
    expect(result.services.find((s) => s.name === "db")?.warnings.map((w) => w.path)).toEqual(["services.db.shm_size"]);
    expect(result.warnings).toHaveLength(2);
  });

  it("reports pinning requirements", () => {
    const result = load("services:\n  web:\n    image: nginx\n    labels:\n      wharf.scheduling.strategy: binpack\n");
    if (!result.ok) throw new Error("expected ok");
    expect(result.services[0]?.pinning).toMatchObject({ required: true, label: "wharf.pin.shop.web" });
  });

  it("validates its own inputs without throwing", () => {
    expect(loadCompose({ text: "services: {}", appName: "Bad_App", orgSlug: "acme" })).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ message: expect.stringMatching(/invalid app name/) })],
    });
    expect(loadCompose({ text: 42 as unknown as string, appName: "a", orgSlug: "acme" })).toMatchObject({ ok: false });
    expect(loadCompose({ text: "a: 1", appName: "a", orgSlug: "acme", env: { X: 1 as unknown as string } })).toMatchObject({ ok: false });
  });

  it("rejects Swarm service names longer than 63 characters", () => {
    const result = loadCompose({ text: `services:\n  ${"s".repeat(40)}:\n    image: x\n`, appName: "a".repeat(30), orgSlug: "acme" });
    expect(result).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({ path: `services.${"s".repeat(40)}`, line: 2, message: expect.stringMatching(/longer than 63/) })],
    });
  });

  it("creates secrets from deploy variables", () => {
    const result = load("services:\n  web:\n    image: nginx\n    secrets: [pw]\nsecrets:\n  pw:\n    environment: PW\n", { PW: "x" });
    expect(result.ok && result.secrets).toEqual([expect.objectContaining({ Name: "shop_pw", Data: "eA==" })]);
    expect(load("services:\n  web:\n    image: nginx\nsecrets:\n  pw:\n    environment: PW\n").ok).toBe(false);
  });
});
