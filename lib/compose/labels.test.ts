import { describe, expect, it } from "vitest";
import { parseLabels } from "./labels";
import { compileOk, errorsOf, warningsOf } from "./test-helpers";

function labelsOf(body: string, env: Record<string, string> = {}) {
  const text = `services:\n  web:\n    image: nginx\n${body}`;
  const parsed = compileOk(text, env);
  const service = parsed.app.services.web;
  if (!service) throw new Error("no service");
  // Locate with a real source map via the pipeline used by loadCompose.
  return parseLabels({ serviceName: "web", service, locate: () => ({ line: 1, column: 1 }) });
}

const labels = (pairs: Record<string, string>, extra = "") =>
  labelsOf(
    `${extra}    labels:\n${Object.entries(pairs)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join("")}`,
  );

describe("parseLabels: basics", () => {
  it("returns empty extensions without labels", () => {
    expect(labelsOf("").extensions).toEqual({
      depends: [],
      lb: [],
      routing: { rules: [] },
      logs: { stores: [], timestamp: true },
      latestImage: false,
      scheduling: { rules: [] },
    });
  });

  it("reads scale, global, depends and latest_image", () => {
    const { extensions, issues } = labels({ "aliyun.scale": "3", "aliyun.depends": "db, cache", "aliyun.latest_image": "true" });
    expect(extensions).toMatchObject({ scale: 3, depends: ["db", "cache"], latestImage: true });
    expect(issues).toEqual([]);
    expect(labels({ "aliyun.global": "true" }).extensions.global).toBe(true);
  });

  it("lets wharf.* win over aliyun.* and warns when they differ", () => {
    const { extensions, issues } = labels({ "aliyun.scale": "2", "wharf.scale": "4" });
    expect(extensions.scale).toBe(4);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: 'services.web.labels["aliyun.scale"]',
        message: "aliyun.scale is ignored because wharf.scale is also set",
      }),
    ]);
    expect(labels({ "aliyun.scale": "2", "wharf.scale": "2" }).issues).toEqual([]);
  });

  it("reads labels from deploy.labels (compose v3) and flags contradicting duplicates", () => {
    const body = '    deploy:\n      labels:\n        aliyun.scale: "2"\n';
    expect(labelsOf(body).extensions.scale).toBe(2);
    const clash = labelsOf(`    labels:\n      aliyun.scale: "3"\n${body}`);
    expect(errorsOf(clash.issues)).toEqual([
      expect.objectContaining({ code: "conflict", path: 'services.web.deploy.labels["aliyun.scale"]' }),
    ]);
  });

  it("rejects contradictions with native settings", () => {
    expect(errorsOf(labels({ "aliyun.scale": "3" }, "    deploy:\n      replicas: 2\n").issues)[0]?.message).toMatch(
      /contradicts deploy.replicas/,
    );
    expect(errorsOf(labels({ "aliyun.global": "true", "aliyun.scale": "2" }).issues)[0]?.message).toMatch(
      /cannot be combined with a replica count/,
    );
  });

  it.each([
    ["aliyun.scale", "three", /expected a whole number/],
    ["aliyun.scale", "-1", /from 0 to 10000/],
    ["aliyun.global", "yes", /expected "true" or "false"/],
    ["aliyun.depends", "a,,b", /service names separated by ","/],
    ["aliyun.gpu", "two", /expected a whole number from 1 to 64, got "two"/],
    ["aliyun.gpu", "0", /from 1 to 64/],
    ["aliyun.gpu.devices", "0,x", /GPU indices/],
    ["aliyun.latest_image", "always", /"true" or "false"/],
    ["wharf.scheduling.strategy", "bnpack", /did you mean "binpack"/],
    ["aliyun.routing.session_sticky", "on", /"true" or "false"/],
  ])("rejects %s: %s", (label, value, message) => {
    const errors = errorsOf(labels({ [label]: value }).issues);
    expect(errors[0]).toMatchObject({
      severity: "error",
      path: `services.web.labels[${JSON.stringify(label)}]`,
      message: expect.stringMatching(message),
    });
  });

  it("reports unknown and unsupported labels instead of ignoring them", () => {
    const { issues } = labels({
      "wharf.scalee": "2",
      "aliyun.priority": "1",
      "aliyun.custom_addon": "proxy",
      "aliyun.proxy.VIRTUAL_HOST": "x",
      "aliyun.reschedule": "true",
      "wharf.org": "other",
    });
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      ["error", 'unknown Wharf label "wharf.scalee" (did you mean "wharf.scale"?)'],
      ["warning", 'unknown Aliyun label "aliyun.priority" has no effect'],
      ["warning", expect.stringMatching(/custom_addon: attaching custom add-ons .* not supported yet/)],
      ["warning", expect.stringMatching(/proxy.VIRTUAL_HOST: the acs\/proxy add-on setting is not supported yet/)],
      ["warning", expect.stringMatching(/is a node label/)],
      ["error", expect.stringMatching(/wharf.org is reserved/)],
    ]);
  });

  it("leaves ordinary labels alone", () => {
    expect(labels({ "com.example.team": "payments", traefik: "off" }).issues).toEqual([]);
  });
});

describe("parseLabels: rolling updates and probes", () => {
  it("reads rolling updates with parallelism", () => {
    expect(labels({ "aliyun.rolling_updates": "true", "aliyun.rolling_updates.parallelism": "2" }).extensions.rollingUpdates).toEqual({
      enabled: true,
      parallelism: 2,
    });
    expect(labels({ "aliyun.rolling_updates": "false" }).extensions.rollingUpdates).toEqual({ enabled: false, parallelism: 0 });
  });

  it("warns when parallelism is set without rolling updates", () => {
    expect(warningsOf(labels({ "aliyun.rolling_updates.parallelism": "2" }).issues)[0]?.message).toMatch(
      /no effect unless rolling_updates/,
    );
  });

  it("reads probes", () => {
    expect(
      labels({
        "aliyun.probe.url": "http://container:8080/ping",
        "aliyun.probe.timeout_seconds": "3",
        "aliyun.probe.initial_delay_seconds": "10",
      }).extensions.probe,
    ).toEqual({
      kind: "http",
      url: "http://container:8080/ping",
      scheme: "http",
      host: "container",
      port: 8080,
      path: "/ping",
      timeoutSeconds: 3,
      initialDelaySeconds: 10,
    });
    expect(labels({ "aliyun.probe.url": "tcp://container:3306" }).extensions.probe).toMatchObject({ kind: "tcp", port: 3306 });
    expect(labels({ "aliyun.probe.cmd": "/check.sh" }).extensions.probe).toEqual({ kind: "cmd", command: "/check.sh" });
  });

  it.each([
    [{ "aliyun.probe.url": "http://a/", "aliyun.probe.cmd": "x" }, /not both/],
    [{ "aliyun.probe.url": "ftp://container:21" }, /expected a URL/],
    [{ "aliyun.probe.url": "tcp://container" }, /needs host:port/],
    [{ "aliyun.probe.cmd": "x", "aliyun.probe.timeout_seconds": "0" }, /from 1 to 3600/],
  ])("rejects probe %j", (pairs, message) => {
    expect(errorsOf(labels(pairs).issues)[0]?.message).toMatch(message);
  });

  it("rejects a probe next to a healthcheck and warns about orphan probe settings", () => {
    expect(errorsOf(labels({ "aliyun.probe.cmd": "x" }, '    healthcheck:\n      test: ["NONE"]\n').issues)[0]?.message).toMatch(
      /both define the health check/,
    );
    expect(warningsOf(labels({ "aliyun.probe.timeout_seconds": "3" }).issues)[0]?.message).toMatch(/no effect without probe.url/);
  });
});

describe("parseLabels: load balancers, routing and logs", () => {
  it("binds lb labels to container ports (by container port, else by published port)", () => {
    const { extensions } = labels(
      { "aliyun.lb.port_80": "tcp://slb-a:80", "aliyun.lb.port_9090": "https://slb-b:443" },
      '    ports: ["8080:80", "9090:9000"]\n',
    );
    expect(extensions.lb).toEqual([
      { containerPort: 80, protocol: "tcp", scheme: "tcp", lbName: "slb-a", frontPort: 80, label: "aliyun.lb.port_80" },
      { containerPort: 9000, protocol: "tcp", scheme: "https", lbName: "slb-b", frontPort: 443, label: "aliyun.lb.port_9090" },
    ]);
  });

  it("binds an lb label to a port listed without a published number, with no note", () => {
    const { extensions, issues } = labels({ "wharf.lb.port_80": "tcp://edge:80" }, '    ports: ["80"]\n');
    expect(extensions.lb).toEqual([
      { containerPort: 80, protocol: "tcp", scheme: "tcp", lbName: "edge", frontPort: 80, label: "wharf.lb.port_80" },
    ]);
    expect(issues).toEqual([]);
  });

  it("notes, at the label, that a bound port's published number is ignored", () => {
    const { issues } = labels({ "aliyun.lb.port_8080": "tcp://slbtest:8080" }, '    ports: ["8080:80"]\n');
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "info",
        path: 'services.web.labels["aliyun.lb.port_8080"]',
        message: expect.stringMatching(
          /published port in ports "8080:80" is ignored: container port 80\/tcp is published on a host port the engine picks for each task.*load balancer slbtest:8080/,
        ),
      }),
    ]);
    const routed = labels({ "aliyun.routing.port_80": "web" }, '    ports: ["8081:80"]\n');
    expect(routed.issues).toEqual([
      expect.objectContaining({ severity: "info", message: expect.stringMatching(/"8081:80" is ignored.*routing tier/) }),
    ]);
  });

  it.each([
    [{ "aliyun.lb.port_80": "ftp://x:1" }, /unsupported scheme "ftp"/],
    [{ "aliyun.lb.port_80": "tcp://x" }, /expected scheme:\/\/load-balancer:port/],
    [{ "aliyun.lb.port_80": "tcp://x:70000" }, /listener port 70000 is out of range/],
    [{ "aliyun.lb.port_http": "tcp://x:80" }, /"http" is not a port number/],
    [{ "aliyun.lb.port_81": "tcp://x:80" }, /must list container port 81\/tcp under ports \(e.g. ports: \["81"\]\)/],
    [{ "aliyun.lb.port_80": "udp://x:80" }, /must list container port 80\/udp under ports \(e.g. ports: \["80\/udp"\]\)/],
    [{ "aliyun.lb.port_80": "tcp://x:80", "wharf.lb.port_8080": "tcp://x:80" }, /already bound/],
  ])("rejects lb %j", (pairs, message) => {
    expect(errorsOf(labels(pairs, '    ports: ["8080:80"]\n').issues)[0]?.message).toMatch(message);
  });

  it("reads routing rules", () => {
    const { extensions, issues } = labels({
      "aliyun.routing.port_80": "http://www.example.com;web;api.example.com:/v1;svc.local",
      "aliyun.routing.session_sticky": "true",
    });
    expect(issues).toEqual([]);
    expect(extensions.routing).toEqual({
      sessionSticky: true,
      rules: [
        {
          containerPort: 80,
          routes: [
            { scheme: "http", domain: "www.example.com", internal: false },
            { scheme: "http", prefix: "web", internal: false },
            { scheme: "http", domain: "api.example.com", path: "/v1", internal: false },
            { scheme: "http", domain: "svc.local", internal: true },
          ],
        },
      ],
    });
  });

  it.each([
    ["https://web", /needs your own domain/],
    ["http://exa mple.com", /invalid route/],
    [";", /at least one domain/],
    ["bad_domain!", /not a valid domain/],
  ])("rejects route %j", (value, message) => {
    expect(errorsOf(labels({ "aliyun.routing.port_80": value }).issues)[0]?.message).toMatch(message);
  });

  it("reads log stores, retention and log-pilot style declarations", () => {
    const { extensions, issues } = labels({
      "aliyun.log_store_dbstdout": "stdout",
      "aliyun.log_store_varlog": "/var/log/*.log",
      "aliyun.log_ttl_varlog": "30",
      "aliyun.log.timestamp": "false",
      "aliyun.logs.access": "/data/access/*.log",
      "aliyun.logs.access.tags": "team=web,env=prod",
      "aliyun.logs.access.format": "json",
    });
    expect(issues).toEqual([]);
    expect(extensions.logs).toEqual({
      timestamp: false,
      stores: [
        { name: "dbstdout", source: { kind: "stdout" } },
        { name: "varlog", source: { kind: "file", path: "/var/log/*.log" }, ttlDays: 30 },
        { name: "access", source: { kind: "file", path: "/data/access/*.log" }, tags: { team: "web", env: "prod" }, format: "json" },
      ],
    });
  });

  it("lowers a retention over the installation's maximum to it, with a located warning", () => {
    const service = compileOk(
      `services:\n  web:\n    image: nginx\n    labels:\n      aliyun.log_store_app: stdout\n      aliyun.log_ttl_app: "90"\n`,
    ).app.services.web;
    if (!service) throw new Error("no service");
    const { extensions, issues } = parseLabels({ serviceName: "web", service, logTtlMaxDays: 30 });
    expect(extensions.logs.stores).toEqual([{ name: "app", source: { kind: "stdout" }, ttlDays: 30 }]);
    expect(issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "limit",
        path: 'services.web.labels["aliyun.log_ttl_app"]',
        message: expect.stringMatching(/90 days is more than this installation keeps \(30 days\)/),
      }),
    ]);
    expect(parseLabels({ serviceName: "web", service, logTtlMaxDays: 90 }).issues).toEqual([]);
  });

  it.each([
    [{ "aliyun.log_store_x": "var/log" }, /absolute path/],
    [{ "aliyun.log_store_x": "/var/*/x.log" }, /only allowed in the file name/],
    [{ "aliyun.log_store_x": "/a/../b" }, /must not contain/],
    [{ "aliyun.log_store_x": "stdout", "aliyun.log_ttl_x": "4000" }, /from 1 to 3650/],
    [{ "aliyun.log_ttl_y": "3" }, /no log_store_y label/],
    [{ "aliyun.log_store_a": "/var/log/a.log", "aliyun.log_store_b": "/var/log/b.log" }, /same directory \/var\/log/],
    [{ "aliyun.logs.x.tags": "a=b" }, /no logs.x label/],
  ])("rejects log labels %j", (pairs, message) => {
    expect(errorsOf(labels(pairs).issues)[0]?.message).toMatch(message);
  });
});

describe("parseLabels: GPUs and scheduling", () => {
  it("reads GPU counts from labels or device requests", () => {
    expect(labels({ "aliyun.gpu": "2" }).extensions.gpu).toBe(2);
    const devices = labelsOf(
      '    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: 1\n              device_ids: ["0"]\n',
    );
    expect(devices.extensions).toMatchObject({ gpu: 1, gpuDevices: [0] });
    expect(warningsOf(devices.issues)[0]?.message).toMatch(/not checked for use by other services/);
  });

  it("rejects GPU contradictions and count all", () => {
    const both =
      '    labels:\n      aliyun.gpu: "2"\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: 1\n';
    expect(errorsOf(labelsOf(both).issues)[0]?.message).toMatch(/contradicts the GPU device request/);
    const all =
      "    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n              count: all\n";
    expect(errorsOf(labelsOf(all).issues)[0]?.message).toMatch(/count "all" cannot be scheduled/);
  });

  it("rejects a GPU label that contradicts a gpu generic resource", () => {
    const body =
      '    labels:\n      aliyun.gpu: "2"\n    deploy:\n      resources:\n        reservations:\n          generic_resources:\n            - discrete_resource_spec: {kind: gpu, value: 1}\n';
    expect(errorsOf(labelsOf(body).issues)[0]?.message).toMatch(/contradicts the "gpu" generic resource/);
  });

  it("reads classic scheduling rules from environment and labels", () => {
    const { extensions, issues } = labelsOf(
      '    environment:\n      - constraint:node==web-1\n      - "constraint:zone!=(a|b)"\n      - affinity:image==redis\n      - affinity:service!=~db\n      - reschedule:on-node-failure\n      - PLAIN=1\n    labels:\n      com.docker.swarm.constraints: \'["disk==ssd"]\'\n',
    );
    expect(extensions.scheduling).toEqual({
      reschedule: "on-node-failure",
      rules: [
        { kind: "constraint", key: "disk", op: "==", values: ["ssd"], glob: false, soft: false, expression: "constraint:disk==ssd" },
        { kind: "constraint", key: "node", op: "==", values: ["web-1"], glob: false, soft: false, expression: "constraint:node==web-1" },
        { kind: "constraint", key: "zone", op: "!=", values: ["a", "b"], glob: false, soft: false, expression: "constraint:zone!=(a|b)" },
        { kind: "affinity", key: "image", op: "==", values: ["redis"], glob: false, soft: false, expression: "affinity:image==redis" },
        { kind: "affinity", key: "service", op: "!=", values: ["db"], glob: false, soft: true, expression: "affinity:service!=~db" },
      ],
    });
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/is a soft rule/)]);
  });

  it.each([
    ["constraint:node=x", /use "==" \(must match\) or "!=" .*e\.g\. constraint:node==x/],
    ["affinity:container==x", /containers are not addressable/],
    ["affinity:imag==x", /did you mean "image"/],
    ["affinity:image==Bad Image", /values may contain/],
    ["affinity:image==(a|b)", /takes one image name/],
    ["constraint:node==/web.*/", /regular expressions are not supported/],
    ["reschedule:always", /use reschedule:on-node-failure/],
    ["affinity:service==My_Svc", /invalid service name "Svc"|invalid app name/],
  ])("rejects %j", (entry, message) => {
    const errors = errorsOf(labelsOf(`    environment:\n      - "${entry}"\n`).issues);
    expect(errors[0]?.message).toMatch(message);
  });
});
