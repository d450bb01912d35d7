import { describe, expect, it } from "vitest";
import { IssueList } from "./issue-list";
import { normalize } from "./normalize";
import { parseCompose } from "./parse-compose";
import type { PlainObject } from "./plain";
import { resolveExtends } from "./resolve-extends";
import { compile, compileOk, errorsOf } from "./test-helpers";

function run(text: string, env: Record<string, string> = {}) {
  const parsed = parseCompose(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const result = normalize({ value: parsed.value, env, sourceMap: parsed.sourceMap });
  return { ...result, services: result.doc.services as Record<string, Record<string, unknown>> };
}

const lines = (...rows: string[]) => `${rows.join("\n")}\n`;

describe("extends within the file", () => {
  it("accepts the string form and the mapping form", () => {
    const result = run(
      lines(
        "services:",
        "  base:",
        "    image: nginx:1.27",
        '    user: "1000"',
        "  web:",
        "    extends: base",
        "  api:",
        "    extends:",
        "      service: base",
        "    image: api:2",
      ),
    );
    expect(result.issues).toEqual([]);
    expect(result.services.web).toMatchObject({ image: "nginx:1.27", user: "1000" });
    expect(result.services.web).not.toHaveProperty("extends");
    expect(result.services.api).toMatchObject({ image: "api:2", user: "1000" });
    expect(result.services.base).toMatchObject({ image: "nginx:1.27", user: "1000" });
  });

  it("merges list-form environment in the base with map-form environment in the child, key by key", () => {
    const result = run(
      lines(
        "services:",
        "  base:",
        "    image: x",
        "    environment:",
        "      - TZ=utc",
        "      - PORT=80",
        "    labels: [team=core]",
        "  web:",
        "    extends: base",
        "    environment:",
        '      PORT: "8080"',
        "      MODE: prod",
        "    labels:",
        "      tier: front",
      ),
    );
    expect(result.issues).toEqual([]);
    expect(result.services.web?.environment).toEqual({ TZ: "utc", PORT: "8080", MODE: "prod" });
    expect(result.services.web?.labels).toEqual({ team: "core", tier: "front" });
    expect(result.services.base?.environment).toEqual({ TZ: "utc", PORT: "80" });
  });

  it("concatenates ports and volumes, an extending entry replacing the base's with the same key", () => {
    const result = run(
      lines(
        "services:",
        "  base:",
        "    image: x",
        '    ports: ["8080:80", "443:443"]',
        "    volumes: [data:/var/lib/data, logs:/logs]",
        "    expose: ['9000']",
        "    dns: [1.1.1.1]",
        "  web:",
        "    extends: base",
        "    ports:",
        '      - "9090:90"',
        "      - target: 443",
        "        published: 443",
        "    volumes: [other:/var/lib/data:ro]",
        "    expose: ['9000', '9001']",
        "    dns: 1.1.1.1",
        "volumes:",
        "  data: {}",
        "  logs: {}",
        "  other: {}",
      ),
    );
    expect(result.issues).toEqual([]);
    const web = result.services.web;
    expect(web?.ports).toEqual(["8080:80", "9090:90", { target: 443, published: 443 }]);
    expect(web?.volumes).toEqual(["logs:/logs", "other:/var/lib/data:ro"]);
    expect(web?.expose).toEqual(["9000", "9001"]);
    expect(web?.dns).toEqual(["1.1.1.1", "1.1.1.1"]);
  });

  it("replaces command and healthcheck.test and merges nested mappings such as deploy", () => {
    const result = run(
      lines(
        "services:",
        "  base:",
        "    image: x",
        "    command: [serve, --port, '80']",
        "    healthcheck:",
        "      test: [CMD, curl, -f, http://localhost]",
        "      interval: 10s",
        "    deploy:",
        "      replicas: 3",
        "      resources:",
        "        limits: { memory: 256m }",
        "  web:",
        "    extends: base",
        "    command: [worker]",
        "    healthcheck:",
        "      test: [CMD, /bin/true]",
        "    deploy:",
        "      resources:",
        "        limits: { cpus: '0.5' }",
      ),
    );
    expect(result.issues).toEqual([]);
    const web = result.services.web;
    expect(web?.command).toEqual(["worker"]);
    expect(web?.healthcheck).toEqual({ test: ["CMD", "/bin/true"], interval: "10s" });
    expect(web?.deploy).toEqual({ replicas: 3, resources: { limits: { memory: "256m", cpus: "0.5" } } });
  });

  it("follows chains, each level merging over the one below", () => {
    const result = run(
      lines(
        "services:",
        "  cli:",
        "    extends: common",
        "    environment: { LEVEL: cli }",
        "  common:",
        "    extends: { service: root }",
        "    image: app:2",
        "    environment: [LEVEL=common, COMMON=1]",
        "  root:",
        "    image: app:1",
        "    user: root",
        "    environment: { LEVEL: root, ROOT: '1' }",
      ),
    );
    expect(result.issues).toEqual([]);
    expect(result.services.cli).toMatchObject({
      image: "app:2",
      user: "root",
      environment: { LEVEL: "cli", ROOT: "1", COMMON: "1" },
    });
    expect(result.services.common).toMatchObject({ image: "app:2", user: "root" });
  });

  it("does not inherit depends_on, links, volumes_from or network_mode: service:, and notes the dependency", () => {
    const result = run(
      lines(
        "services:",
        "  db:",
        "    image: postgres",
        "  base:",
        "    image: x",
        "    depends_on: [db]",
        "    links: [db]",
        "    volumes_from: [db]",
        "    network_mode: service:db",
        "  web:",
        "    extends: base",
      ),
    );
    expect(result.services.web).toEqual({ image: "x", environment: undefined, labels: undefined });
    expect(result.issues.filter((issue) => issue.path.startsWith("services.web"))).toEqual([
      expect.objectContaining({
        severity: "info",
        path: "services.web.extends",
        line: 11,
        message: expect.stringMatching(/"web" does not inherit depends_on from "base"/),
      }),
    ]);
  });

  it("compiles to a valid app whose inherited values are typed like any other", () => {
    const { app } = compileOk(
      lines(
        "services:",
        "  base:",
        "    image: nginx",
        "    environment: [A=1]",
        '    ports: ["8080:80"]',
        "  web:",
        "    extends: base",
        '    ports: ["8081:81"]',
      ),
    );
    expect(app.services.web?.environment).toEqual({ A: "1" });
    expect(app.services.web?.ports.map((port) => port.target)).toEqual([80, 81]);
  });
});

describe("extends errors", () => {
  it("refuses a cycle, locating it at each member", () => {
    const result = run(
      lines("services:", "  a:", "    image: x", "    extends: b", "  b:", "    image: y", "    extends:", "      service: a"),
    );
    expect(errorsOf(result.issues)).toEqual([
      expect.objectContaining({
        code: "cycle",
        path: "services.a.extends",
        line: 4,
        column: 14,
        message: "extends forms a cycle: a → b → a",
      }),
      expect.objectContaining({
        code: "cycle",
        path: "services.b.extends.service",
        line: 8,
        column: 16,
        message: "extends forms a cycle: b → a → b",
      }),
    ]);
  });

  it("refuses a service that extends itself", () => {
    const result = run(lines("services:", "  a:", "    image: x", "    extends: a"));
    expect(errorsOf(result.issues)).toEqual([expect.objectContaining({ code: "cycle", line: 4, message: "extends forms a cycle: a → a" })]);
  });

  it("refuses a base that is not defined, with a hint", () => {
    const result = run(lines("services:", "  base:", "    image: x", "  web:", "    extends: bsae"));
    expect(errorsOf(result.issues)).toEqual([
      expect.objectContaining({
        code: "reference",
        path: "services.web.extends",
        line: 5,
        column: 14,
        message: expect.stringMatching(/^service "bsae" is not defined in this file \(did you mean "base"\?\)/),
      }),
    ]);
  });

  it("refuses extends naming another file, and include still errors", () => {
    const result = run(
      lines(
        "include: [other.yml]",
        "services:",
        "  web:",
        "    image: x",
        "    extends:",
        "      file: common.yml",
        "      service: webapp",
      ),
    );
    expect(errorsOf(result.issues).map((issue) => [issue.path, issue.line, issue.code])).toEqual([
      ["services.web.extends.file", 6, "unsupported"],
      ["include", 1, "unsupported"],
    ]);
    expect(errorsOf(result.issues)[0]?.message).toMatch(
      /extends\.file is not supported: Wharf reads only this compose file and cannot open "common.yml"/,
    );
    expect(errorsOf(result.issues)[1]?.message).toMatch(/include is not supported yet/);
  });

  it("refuses a malformed extends", () => {
    const result = run(
      lines("services:", "  web:", "    image: x", "    extends: [base]", "  api:", "    image: x", "    extends: { servce: web }"),
    );
    expect(errorsOf(result.issues).map((issue) => [issue.path, issue.line, issue.code])).toEqual([
      ["services.web.extends", 4, "invalid"],
      ["services.api.extends.servce", 7, "unknown-key"],
      ["services.api.extends", 7, "required"],
    ]);
  });

  it("locates problems in inherited values at the base and in moved values at the extending service", () => {
    const { issues } = compile(
      lines(
        "services:",
        "  base:",
        "    image: x",
        "    ports:",
        '      - "8080:80"',
        "    stop_grace_period: soon",
        "  web:",
        "    extends: base",
        "    ports:",
        '      - "9090:http"',
      ),
    );
    const located = errorsOf(issues).map((issue) => [issue.path, issue.line]);
    expect(located).toContainEqual(["services.base.stop_grace_period", 6]);
    expect(located).toContainEqual(["services.web.stop_grace_period", 6]);
    expect(located).toContainEqual(["services.web.ports[1]", 10]);
  });

  it("works in a compose v1 file, where services are top-level keys", () => {
    const { issues } = compile(lines("base:", "  image: x", "  stop_grace_period: soon", "web:", "  extends: base"));
    expect(errorsOf(issues).map((issue) => [issue.path, issue.line])).toEqual([
      ["services.base.stop_grace_period", 3],
      ["services.web.stop_grace_period", 3],
    ]);
  });

  it("stops copying past the value limit with a located error", () => {
    const extending = Array.from({ length: 3 }, (_, i) => `  s${i}:\n    extends: base\n`).join("");
    const variables = Array.from({ length: 50 }, (_, i) => `V${i}=1`).join(", ");
    const parsed = parseCompose(`services:\n  base:\n    image: x\n    environment: [${variables}]\n${extending}`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const issues = new IssueList(parsed.sourceMap.locator);
    resolveExtends({ services: parsed.value.services as PlainObject, issues, sourceMap: parsed.sourceMap, maxValues: 100 });
    expect(issues.errors).toEqual([
      expect.objectContaining({
        code: "limit",
        path: "services.s1.extends",
        line: 8,
        message: expect.stringMatching(/more than 100 values/),
      }),
    ]);
  });
});
