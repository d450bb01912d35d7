import { describe, expect, it } from "vitest";
import { loadCompose } from "./index";
import { STRICT_POLICY } from "@/lib/protocol/workload-policy";
import { compile, compileOk, errorsOf, warningsOf } from "./test-helpers";

const svc = (body: string, extra = "") => `services:\n  web:\n    image: nginx\n${body}${extra}`;

function firstError(text: string) {
  const errors = errorsOf(compile(text).issues);
  expect(errors.length).toBeGreaterThan(0);
  return errors[0];
}

describe("validate: service fields", () => {
  it("normalises ports in short and long syntax", () => {
    const { app } = compileOk(
      svc(
        "    ports:\n      - 80\n      - 8080:80\n      - 53:53/udp\n      - target: 443\n        published: 8443\n        protocol: tcp\n        name: https\n      - target: 9000\n        published: 9000-9000\n",
      ),
    );
    expect(app.services.web?.ports).toEqual([
      { target: 80, protocol: "tcp" },
      { target: 80, published: 8080, protocol: "tcp" },
      { target: 53, published: 53, protocol: "udp" },
      { target: 443, published: 8443, protocol: "tcp", name: "https" },
      { target: 9000, published: 9000, protocol: "tcp" },
    ]);
  });

  it.each([
    ["      - 99999:80\n", "services.web.ports[0]", /out of range/],
    ["      - target: 0\n", "services.web.ports[0].target", /at least 1/],
    ["      - target: 80\n        protocol: icmp\n", "services.web.ports[0].protocol", /unknown protocol "icmp"/],
    ["      - target: 80\n        published: 1-2\n", "services.web.ports[0].published", /needs a target range/],
    ["      - target: 80\n        host_ip: 127.0.0.1\n", "services.web.ports[0].host_ip", /one host address/],
    ["      - [80]\n", "services.web.ports[0]", /expected a port/],
  ])("rejects port %j", (ports, path, message) => {
    expect(firstError(svc(`    ports:\n${ports}`))).toMatchObject({ path, message: expect.stringMatching(message) });
  });

  it("parses durations, sizes and cpus (also as interpolated strings)", () => {
    const { app } = compileOk(
      svc(
        '    stop_grace_period: 1m30s\n    healthcheck:\n      test: curl -f http://localhost\n      interval: ${INTERVAL}\n      retries: "3"\n    deploy:\n      replicas: ${REPLICAS:-2}\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 512m\n',
      ),
      { INTERVAL: "10s" },
    );
    const web = app.services.web;
    expect(web?.stop_grace_period).toBe(90e9);
    expect(web?.healthcheck).toEqual({ test: ["CMD-SHELL", "curl -f http://localhost"], interval: 10e9, retries: 3 });
    expect(web?.deploy.replicas).toBe(2);
    expect(web?.deploy.resources.limits).toEqual({ cpus: 0.5, memory: 512 * 1024 ** 2 });
  });

  it("accepts healthcheck list forms and disable", () => {
    expect(compileOk(svc('    healthcheck:\n      test: ["CMD", "true"]\n')).app.services.web?.healthcheck?.test).toEqual(["CMD", "true"]);
    expect(compileOk(svc("    healthcheck:\n      disable: true\n")).app.services.web?.healthcheck?.test).toEqual(["NONE"]);
    expect(firstError(svc('    healthcheck:\n      test: ["curl", "x"]\n'))).toMatchObject({
      path: "services.web.healthcheck.test",
      message: expect.stringMatching(/must start with "CMD"/),
    });
  });

  it("accepts command and entrypoint as strings or lists", () => {
    const { app } = compileOk(svc('    command: ["npm", "start"]\n    entrypoint: /bin/sh -c "run it"\n'));
    expect(app.services.web?.command).toEqual(["npm", "start"]);
    expect(app.services.web?.entrypoint).toEqual(["/bin/sh", "-c", "run it"]);
    expect(firstError(svc("    command: echo 'oops\n"))).toMatchObject({
      path: "services.web.command",
      message: expect.stringMatching(/unterminated single quote/),
    });
  });

  it("validates deploy settings", () => {
    const { app } = compileOk(
      svc(
        '    deploy:\n      mode: global\n      restart_policy:\n        condition: on-failure\n        delay: 5s\n        max_attempts: 3\n      placement:\n        constraints: [node.role==worker, "node.labels.zone != eu"]\n        preferences:\n          - spread: node.labels.zone\n        max_replicas_per_node: 2\n      update_config:\n        parallelism: 2\n        delay: 10s\n        failure_action: rollback\n        order: start-first\n        max_failure_ratio: 0.2\n      rollback_config:\n        parallelism: 0\n        failure_action: pause\n',
      ),
    );
    const deploy = app.services.web?.deploy;
    expect(deploy?.mode).toBe("global");
    expect(deploy?.restart_policy).toEqual({ condition: "on-failure", delay: 5e9, max_attempts: 3 });
    expect(deploy?.placement).toEqual({
      constraints: ["node.role==worker", "node.labels.zone!=eu"],
      preferences: [{ spread: "node.labels.zone" }],
      max_replicas_per_node: 2,
    });
    expect(deploy?.update_config).toEqual({
      parallelism: 2,
      delay: 10e9,
      failure_action: "rollback",
      order: "start-first",
      max_failure_ratio: 0.2,
    });
  });

  it.each([
    ["      mode: replicatd\n", "services.web.deploy.mode", /must be one of .* \(did you mean "replicated"\?\)/],
    ["      replicas: -1\n", "services.web.deploy.replicas", /at least 0/],
    ["      replicas: two\n", "services.web.deploy.replicas", /expected a whole number, got "two"/],
    ["      resources:\n        limits:\n          memory: 1q\n", "services.web.deploy.resources.limits.memory", /invalid size "1q"/],
    ["      resources:\n        limits:\n          cpus: 0\n", "services.web.deploy.resources.limits.cpus", /greater than 0/],
    ["      resources:\n        limits:\n          memory: 1k\n", "services.web.deploy.resources.limits.memory", /at least 6 MiB/],
    [
      "      restart_policy:\n        condition: sometimes\n",
      "services.web.deploy.restart_policy.condition",
      /must be one of "none", "on-failure", "any"/,
    ],
    ["      update_config:\n        delay: soon\n", "services.web.deploy.update_config.delay", /invalid duration "soon"/],
    ["      update_config:\n        failure_action: retry\n", "services.web.deploy.update_config.failure_action", /must be one of/],
    [
      "      rollback_config:\n        failure_action: rollback\n",
      "services.web.deploy.rollback_config.failure_action",
      /"continue", "pause"/,
    ],
    [
      "      placement:\n        constraints: [node.hostnmae==a]\n",
      "services.web.deploy.placement.constraints[0]",
      /did you mean "node.hostname"/,
    ],
    ["      placement:\n        constraints: [node.role=manager]\n", "services.web.deploy.placement.constraints[0]", /"=" must be "=="/],
    ["      mode: global\n      replicas: 2\n", "services.web.deploy.replicas", /cannot be used with mode global/],
    [
      "      mode: replicated-job\n      restart_policy:\n        condition: any\n",
      "services.web.deploy.restart_policy.condition",
      /jobs run to completion/,
    ],
    [
      "      resources:\n        limits:\n          memory: 64m\n        reservations:\n          memory: 128m\n",
      "services.web.deploy.resources.reservations.memory",
      /above the memory limit/,
    ],
  ])("rejects deploy %j", (deploy, path, message) => {
    expect(firstError(svc(`    deploy:\n${deploy}`))).toMatchObject({
      path,
      message: expect.stringMatching(message),
      line: expect.any(Number),
    });
  });

  it("normalises the remaining service settings", () => {
    const { app } = compileOk(
      svc(
        '    user: 1000\n    working_dir: /app\n    hostname: web-1\n    extra_hosts:\n      - db.local:10.0.0.2\n      - "v6=[::1]"\n    dns: 8.8.8.8\n    dns_search: [example.com]\n    sysctls:\n      - net.core.somaxconn=1024\n    cap_add: [net_admin]\n    cap_drop: [ALL]\n    ulimits:\n      nofile:\n        soft: 1024\n        hard: 2048\n      nproc: 512\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n    platform: linux/arm64\n    read_only: "true"\n    init: yes\n    tmpfs: /run:size=64m,mode=1777\n',
      ),
    );
    const web = app.services.web;
    expect(web?.user).toBe("1000");
    expect(web?.extra_hosts).toEqual([
      { host: "db.local", ip: "10.0.0.2" },
      { host: "v6", ip: "::1" },
    ]);
    expect(web?.dns).toEqual(["8.8.8.8"]);
    expect(web?.sysctls).toEqual({ "net.core.somaxconn": "1024" });
    expect(web?.cap_add).toEqual(["CAP_NET_ADMIN"]);
    expect(web?.cap_drop).toEqual(["ALL"]);
    expect(web?.ulimits).toEqual({ nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 512, hard: 512 } });
    expect(web?.logging).toEqual({ driver: "json-file", options: { "max-size": "10m" } });
    expect(web?.platform).toEqual({ os: "linux", architecture: "arm64", variant: undefined });
    expect(web?.read_only).toBe(true);
    expect(web?.init).toBe(true);
    expect(web?.tmpfs).toEqual([{ type: "tmpfs", target: "/run", read_only: false, size: 64 * 1024 ** 2, mode: 0o1777 }]);
  });

  it.each([
    ["    working_dir: app\n", "services.web.working_dir", /absolute path/],
    ["    read_only: maybe\n", "services.web.read_only", /expected true or false/],
    ['    cap_add: ["net admin"]\n', "services.web.cap_add[0]", /not a Linux capability/],
    [
      "    ulimits:\n      nofile:\n        soft: 10\n        hard: 5\n",
      "services.web.ulimits.nofile",
      /soft limit is above the hard limit/,
    ],
    ["    platform: linux\n", "services.web.platform", /os\/arch/],
    ["    environment: 5\n", "services.web.environment", /"NAME=value"/],
    ["    depends_on:\n      db:\n        condition: service_ready\n", "services.web.depends_on.db.condition", /service_healthy/],
    ["    stop_grace_period: 10\n", "services.web.stop_grace_period", /needs a unit/],
  ])("rejects %j", (body, path, message) => {
    expect(firstError(svc(body))).toMatchObject({ path, message: expect.stringMatching(message) });
  });

  it("requires an image and explains why", () => {
    expect(firstError("services:\n  web:\n    build: .\n")).toMatchObject({
      path: "services.web.image",
      line: 2,
      message: expect.stringMatching(/image is required/),
    });
  });
});

describe("validate: references and names", () => {
  it("checks that named volumes, networks, secrets and configs are declared", () => {
    const errors = errorsOf(
      compile(
        svc(
          "    volumes: [websit:/data]\n    networks: [frontend]\n    secrets: [db_pass]\n    configs: [{source: nginx_conf, target: /etc/nginx.conf}]\n",
          "volumes:\n  website: {}\nnetworks:\n  front: {}\n",
        ),
      ).issues,
    );
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ["services.web.volumes[0]", 'volume "websit" is not declared under the top-level volumes section (did you mean "website"?)'],
      ["services.web.networks.frontend", 'network "frontend" is not declared under the top-level networks section'],
      ["services.web.secrets[0]", 'secret "db_pass" is not declared under the top-level secrets section'],
      ["services.web.configs[0]", 'config "nginx_conf" is not declared under the top-level configs section'],
    ]);
    expect(errors.every((e) => typeof e.line === "number")).toBe(true);
  });

  it("rejects invalid service, volume and network names at their keys", () => {
    const errors = errorsOf(
      compile('services:\n  Web_1:\n    image: x\nvolumes:\n  "bad name": {}\nnetworks:\n  n1:\n    name: "-x"\n').issues,
    );
    expect(errors.map((e) => [e.path, e.line, e.column])).toEqual([
      ["services.Web_1", 2, 3],
      ["networks.n1.name", 8, 11],
      ['volumes["bad name"]', 5, 3],
    ]);
  });

  it("refuses bind mounts the workload policy does not allow", () => {
    const text = svc("    volumes: [/srv:/srv]\n");
    expect(errorsOf(compile(text).issues)).toEqual([]);
    const refused = loadCompose({ text, appName: "shop", orgSlug: "acme" });
    expect(refused.ok || refused.errors[0]).toMatchObject({
      code: "policy",
      path: "services.web.volumes[0]",
      line: 4,
      message: expect.stringMatching(/bind mount of \/srv is not allowed/),
    });
    const allowed = loadCompose({
      text,
      appName: "shop",
      orgSlug: "acme",
      defaults: { policy: { ...STRICT_POLICY, bindMountPaths: ["/srv"] } },
    });
    expect(allowed.ok).toBe(true);
  });

  it("rejects file-based secrets and accepts environment or external ones", () => {
    const errors = errorsOf(compile(svc("    secrets: [a, b]\n", "secrets:\n  a:\n    file: ./a.txt\n  b:\n    environment: B\n")).issues);
    expect(errors).toEqual([expect.objectContaining({ path: "secrets.a.file", message: expect.stringMatching(/cannot read files/) })]);
  });

  it("warns about SELinux flags and cross-service host port clashes", () => {
    const { issues } = compileOk(
      "services:\n  a:\n    image: x\n    ports: [80:80]\n    volumes: [/srv:/srv:z]\n  b:\n    image: y\n    ports: [80:80]\n",
    );
    expect(warningsOf(issues).map((w) => w.path)).toEqual(["services.a.volumes[0]", "services.b.ports"]);
  });

  it("rejects a port published twice by one service", () => {
    expect(firstError(svc("    ports: [80:80, 80:81]\n"))).toMatchObject({ code: "conflict", path: "services.web.ports" });
  });
});
