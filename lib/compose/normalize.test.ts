import { describe, expect, it } from "vitest";
import { normalize } from "./normalize";
import { parseCompose } from "./parse-compose";

function run(text: string, env: Record<string, string> = {}) {
  const parsed = parseCompose(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return normalize({ value: parsed.value, env, sourceMap: parsed.sourceMap });
}

describe("normalize: formats", () => {
  it("reads a file without version and services as compose v1", () => {
    const result = run("web:\n  image: nginx\ndb:\n  image: redis\n");
    expect(result.format).toBe("v1");
    expect(Object.keys(result.doc.services as object)).toEqual(["web", "db"]);
  });

  it("keeps v1 locations after lifting services", () => {
    const result = run("web:\n  image: nginx\n  bogus: 1\n");
    expect(result.issues).toContainEqual(expect.objectContaining({ path: "services.web.bogus", line: 3, column: 3 }));
  });

  it("detects v2, v3 and the compose spec", () => {
    expect(run('version: "2.4"\nservices:\n  a:\n    image: x\n').format).toBe("v2");
    expect(run("version: 3\nservices:\n  a:\n    image: x\n").format).toBe("v3");
    expect(run("version: 3.8\nservices:\n  a:\n    image: x\n").format).toBe("v3");
    expect(run("services:\n  a:\n    image: x\n").format).toBe("spec");
  });

  it("rejects unknown versions and a missing services section", () => {
    expect(run('version: "1"\nservices: {}\n').issues[0]).toMatchObject({
      path: "version",
      line: 1,
      message: expect.stringMatching(/unsupported compose version "1"/),
    });
    expect(run('version: "3"\nvolumes: {}\n').issues[0]).toMatchObject({
      code: "required",
      message: expect.stringMatching(/services is missing/),
    });
    expect(run("volumes:\n  data: {}\n").issues[0]?.message).toMatch(/services is missing/);
  });

  it("reports unknown top-level keys with a hint, but allows x- extensions", () => {
    const result = run("services:\n  a:\n    image: x\nnetwork:\n  n: {}\nx-anchors:\n  y: 1\n");
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: "unknown-key",
        path: "network",
        line: 4,
        column: 1,
        message: 'unknown key "network" (did you mean "networks"?)',
      }),
    ]);
    expect(result.doc).not.toHaveProperty("x-anchors");
  });
});

describe("normalize: legacy keys", () => {
  it("moves v2 resource keys under deploy and keeps their location", () => {
    const result = run(
      'version: "2"\nservices:\n  a:\n    image: x\n    mem_limit: 512m\n    cpus: 0.5\n    mem_reservation: 128m\n    scale: 2\n',
    );
    const service = (result.doc.services as Record<string, Record<string, unknown>>).a;
    expect(service?.deploy).toEqual({
      resources: { limits: { memory: "512m", cpus: 0.5 }, reservations: { memory: "128m" } },
      replicas: 2,
    });
    expect(result.issues).toEqual([]);
  });

  it("refuses to merge a legacy key into a value set in deploy", () => {
    const result = run("services:\n  a:\n    image: x\n    cpus: 1\n    deploy:\n      resources:\n        limits:\n          cpus: 2\n");
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: "conflict",
        path: "services.a.cpus",
        line: 4,
        message: expect.stringMatching(/conflicts with deploy.resources.limits.cpus/),
      }),
    ]);
  });

  it.each([
    ["no", { condition: "none" }],
    ["always", { condition: "any" }],
    ["unless-stopped", { condition: "any" }],
    ["on-failure", { condition: "on-failure" }],
    ["on-failure:5", { condition: "on-failure", max_attempts: 5 }],
  ])("maps restart: %s to a restart policy", (restart, policy) => {
    const result = run(`services:\n  a:\n    image: x\n    restart: "${restart}"\n`);
    expect((result.doc.services as Record<string, Record<string, Record<string, unknown>>>).a?.deploy?.restart_policy).toEqual(policy);
  });

  it("rejects an unknown restart value", () => {
    expect(run("services:\n  a:\n    image: x\n    restart: sometimes\n").issues[0]).toMatchObject({
      path: "services.a.restart",
      line: 4,
      column: 14,
    });
  });

  it("maps v1 log_driver/log_opt and net", () => {
    const result = run("web:\n  image: x\n  log_driver: syslog\n  log_opt:\n    tag: web\n  net: host\n");
    const service = (result.doc.services as Record<string, Record<string, unknown>>).web;
    expect(service?.logging).toEqual({ driver: "syslog", options: { tag: "web" } });
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "unsupported", path: "services.web.network_mode", line: 6, column: 3 }),
    ]);
  });
});

describe("normalize: environment and labels", () => {
  it("turns list and map forms into string maps, resolving bare names from the deploy variables", () => {
    const result = run(
      "services:\n  a:\n    image: x\n    environment:\n      - A=1\n      - B\n      - C\n      - D=x=y\n    labels:\n      n: 1\n      t: true\n      e:\n",
      { B: "from-env" },
    );
    const service = (result.doc.services as Record<string, Record<string, unknown>>).a;
    expect(service?.environment).toEqual({ A: "1", B: "from-env", D: "x=y" });
    expect(service?.labels).toEqual({ n: "1", t: "true", e: "" });
    expect(result.issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "services.a.environment[2]",
        line: 7,
        message: expect.stringMatching(/C has no value/),
      }),
    ]);
  });

  it("converts deploy.labels too and reports bad entries", () => {
    const result = run('services:\n  a:\n    image: x\n    deploy:\n      labels: ["k=v", {x: 1}]\n');
    expect(result.issues).toEqual([expect.objectContaining({ severity: "error", path: "services.a.deploy.labels[1]" })]);
  });

  it("warns about repeated variables", () => {
    const result = run("services:\n  a:\n    image: x\n    environment: [A=1, A=2]\n");
    expect(result.issues[0]).toMatchObject({ severity: "warning", code: "conflict" });
  });
});

describe("normalize: unsupported and unknown keys", () => {
  it("warns, with a reason, for keys Swarm cannot honour and removes them", () => {
    const result = run(
      "services:\n  a:\n    image: x\n    build: .\n    container_name: a1\n    privileged: true\n    network_mode: host\n    links: [b]\n",
    );
    expect(result.issues.map((i) => [i.severity, i.path, i.line])).toEqual([
      ["warning", "services.a.build", 4],
      ["warning", "services.a.container_name", 5],
      ["warning", "services.a.privileged", 6],
      ["warning", "services.a.network_mode", 7],
      ["warning", "services.a.links", 8],
    ]);
    expect(result.issues[3]?.message).toMatch(/external network named "host"/);
    expect((result.doc.services as Record<string, object>).a).toEqual({ image: "x", environment: undefined, labels: undefined });
  });

  it("errors for extends and include, which would change what is deployed", () => {
    const result = run("include: [other.yml]\nservices:\n  a:\n    image: x\n    extends: base\n");
    expect(
      result.issues
        .filter((i) => i.severity === "error")
        .map((i) => i.path)
        .sort(),
    ).toEqual(["include", "services.a.extends"]);
  });

  it("suggests known keys for typos at every level", () => {
    const result = run(
      "services:\n  a:\n    imag: x\n    deploy:\n      replcas: 2\n      resources:\n        limits:\n          memroy: 1g\n    healthcheck:\n      intervall: 5s\n    ports:\n      - target: 80\n        publised: 8080\n",
    );
    expect(result.issues.map((i) => i.message)).toEqual([
      'unknown key "imag" (did you mean "image"?)',
      'unknown key "replcas" (did you mean "replicas"?)',
      'unknown key "memroy" (did you mean "memory"?)',
      'unknown key "intervall" (did you mean "interval"?)',
      'unknown key "publised" (did you mean "published"?)',
    ]);
    expect(result.issues.map((i) => i.line)).toEqual([3, 5, 8, 10, 13]);
  });

  it("warns about ingress ports, vip endpoints and ignored pull policies", () => {
    const result = run(
      "services:\n  a:\n    image: x\n    pull_policy: missing\n    ports:\n      - {target: 80, published: 80, mode: ingress}\n    deploy:\n      endpoint_mode: vip\n",
    );
    expect(result.issues.map((i) => [i.severity, i.path])).toEqual([
      ["warning", "services.a.ports[0].mode"],
      ["warning", "services.a.deploy.endpoint_mode"],
      ["warning", "services.a.pull_policy"],
    ]);
  });

  it("rewrites external: {name} and replaces non-overlay network drivers with a warning", () => {
    const result = run(
      "services:\n  a:\n    image: x\nnetworks:\n  old:\n    external:\n      name: shared\n  local:\n    driver: bridge\nvolumes:\n  data:\n",
    );
    expect(result.doc.networks).toEqual({ old: { external: true, name: "shared" }, local: { driver: "overlay" } });
    expect(result.doc.volumes).toEqual({ data: {} });
    expect(result.issues).toEqual([expect.objectContaining({ severity: "warning", path: "networks.local.driver", line: 9 })]);
  });
});
