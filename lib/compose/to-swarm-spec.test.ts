import { describe, expect, it } from "vitest";
import { parseLabels } from "./labels";
import { compileOk } from "./test-helpers";
import { toSwarmSpec } from "./to-swarm-spec";

function specOf(text: string, serviceName = "web", env: Record<string, string> = {}) {
  const { app } = compileOk(text, env);
  const service = app.services[serviceName];
  if (!service) throw new Error("no service");
  const { extensions } = parseLabels({ serviceName, service });
  return toSwarmSpec({ app, serviceName, extensions, appName: "shop", orgSlug: "acme", release: "r7" }).spec;
}

const S = 1e9;

describe("toSwarmSpec", () => {
  it("builds a full ServiceSpec", () => {
    const spec = specOf(`services:
  web:
    image: nginx:1.27
    entrypoint: ["/docker-entrypoint.sh"]
    command: nginx -g "daemon off;"
    environment:
      - MODE=prod
      - constraint:node==x
    labels:
      com.example.team: web
    ports: ["8080:80", "443"]
    volumes:
      - site:/usr/share/nginx/html:ro
      - /var/run/app:/run/app
      - type: tmpfs
        target: /cache
        tmpfs: {size: 64m}
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 10s
      timeout: 2s
      retries: 3
      start_period: 30s
    deploy:
      replicas: 3
      labels: {tier: front}
      resources:
        limits: {cpus: "1.5", memory: 512m, pids: 100}
        reservations: {cpus: "0.25", memory: 128m}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 1m}
      update_config: {parallelism: 2, delay: 10s, failure_action: rollback, monitor: 30s, order: stop-first}
      rollback_config: {parallelism: 1, failure_action: continue}
    networks:
      front:
        aliases: [www]
    secrets: [db_password]
    configs:
      - source: nginx_conf
        target: /etc/nginx/nginx.conf
        mode: 0440
    logging:
      driver: json-file
      options: {max-size: 10m}
volumes:
  site:
    driver: ossfs
    driver_opts: {bucket: b1}
networks:
  front: {}
secrets:
  db_password:
    external: true
configs:
  nginx_conf:
    content: "events {}"
`);
    const system = {
      "wharf.org": "acme",
      "wharf.app": "shop",
      "wharf.service": "web",
      "wharf.release": "r7",
      "com.docker.stack.namespace": "shop",
    };
    expect(spec.Name).toBe("shop_web");
    expect(spec.Labels).toEqual({ tier: "front", ...system });
    const container = spec.TaskTemplate.ContainerSpec;
    expect(container).toMatchObject({
      Image: "nginx:1.27",
      Command: ["/docker-entrypoint.sh"],
      Args: ["nginx", "-g", "daemon off;"],
      Env: ["MODE=prod"],
      Labels: { "com.example.team": "web", ...system },
      HealthCheck: { Test: ["CMD", "curl", "-f", "http://localhost"], Interval: 10 * S, Timeout: 2 * S, Retries: 3, StartPeriod: 30 * S },
      Secrets: [{ File: { Name: "db_password", UID: "0", GID: "0", Mode: 0o444 }, SecretName: "db_password" }],
      Configs: [{ File: { Name: "/etc/nginx/nginx.conf", UID: "0", GID: "0", Mode: 0o440 }, ConfigName: "shop_nginx_conf" }],
    });
    expect(container.Mounts).toEqual([
      {
        Type: "volume",
        Source: "shop_site",
        Target: "/usr/share/nginx/html",
        ReadOnly: true,
        VolumeOptions: {
          NoCopy: false,
          Labels: { "wharf.org": "acme", "wharf.app": "shop", "wharf.release": "r7", "com.docker.stack.namespace": "shop" },
          DriverConfig: { Name: "ossfs", Options: { bucket: "b1" } },
        },
      },
      { Type: "bind", Source: "/var/run/app", Target: "/run/app", ReadOnly: false },
      { Type: "tmpfs", Target: "/cache", ReadOnly: false, TmpfsOptions: { SizeBytes: 64 * 1024 ** 2 } },
    ]);
    expect(spec.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 1.5e9, MemoryBytes: 512 * 1024 ** 2, Pids: 100 },
      Reservations: { NanoCPUs: 0.25e9, MemoryBytes: 128 * 1024 ** 2 },
    });
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5 * S, MaxAttempts: 3, Window: 60 * S });
    expect(spec.TaskTemplate.Placement).toEqual({ Constraints: ["node.hostname==x"], Preferences: [] });
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: "shop_front", Aliases: ["web", "www"] }]);
    expect(spec.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "10m" } });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.UpdateConfig).toEqual({
      Parallelism: 2,
      Delay: 10 * S,
      FailureAction: "rollback",
      Monitor: 30 * S,
      MaxFailureRatio: 0,
      Order: "stop-first",
    });
    expect(spec.RollbackConfig).toEqual({
      Parallelism: 1,
      Delay: 0,
      FailureAction: "continue",
      Monitor: 5 * S,
      MaxFailureRatio: 0,
      Order: "stop-first",
    });
    expect(spec.EndpointSpec).toEqual({
      Mode: "dnsrr",
      Ports: [
        { Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "host" },
        { Protocol: "tcp", TargetPort: 443, PublishMode: "host" },
      ],
    });
  });

  it("attaches services without networks to the app's default overlay", () => {
    const spec = specOf("services:\n  web:\n    image: nginx\n");
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: "shop_default", Aliases: ["web"] }]);
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toBeUndefined();
    expect(spec.TaskTemplate.RestartPolicy).toBeUndefined();
  });

  it("never uses VIPs or the ingress mesh", () => {
    const spec = specOf(
      "services:\n  web:\n    image: nginx\n    ports:\n      - {target: 80, published: 80, mode: ingress}\n    deploy:\n      endpoint_mode: vip\n",
    );
    expect(spec.EndpointSpec).toEqual({
      Mode: "dnsrr",
      Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 80, PublishMode: "host" }],
    });
  });

  it("maps modes: global, labels and jobs", () => {
    expect(specOf("services:\n  web:\n    image: nginx\n    deploy: {mode: global}\n").Mode).toEqual({ Global: {} });
    expect(specOf('services:\n  web:\n    image: nginx\n    labels: {aliyun.global: "true"}\n').Mode).toEqual({ Global: {} });
    expect(specOf('services:\n  web:\n    image: nginx\n    labels: {aliyun.scale: "4"}\n').Mode).toEqual({ Replicated: { Replicas: 4 } });
    const job = specOf("services:\n  web:\n    image: nginx\n    deploy: {mode: replicated-job, replicas: 2}\n");
    expect(job.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } });
    expect(job.UpdateConfig).toBeUndefined();
    expect(job.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure" });
    expect(specOf("services:\n  web:\n    image: nginx\n    deploy: {mode: global-job}\n").Mode).toEqual({ GlobalJob: {} });
  });

  it("starts autoscaled services at their minimum", () => {
    expect(
      specOf(
        'services:\n  web:\n    image: nginx\n    labels: {aliyun.auto_scaling.max_cpu: "70", aliyun.auto_scaling.min_instances: "2"}\n',
      ).Mode,
    ).toEqual({ Replicated: { Replicas: 2 } });
  });

  it("applies rolling-update labels", () => {
    expect(
      specOf('services:\n  web:\n    image: nginx\n    labels: {aliyun.rolling_updates: "true", aliyun.rolling_updates.parallelism: "3"}\n')
        .UpdateConfig?.Parallelism,
    ).toBe(3);
    expect(specOf('services:\n  web:\n    image: nginx\n    labels: {aliyun.rolling_updates: "false"}\n').UpdateConfig?.Parallelism).toBe(
      0,
    );
  });

  it("turns probe.cmd into a health check and leaves URL probes to the agent", () => {
    const cmd = specOf(
      'services:\n  web:\n    image: nginx\n    labels: {aliyun.probe.cmd: /check.sh, aliyun.probe.timeout_seconds: "3", aliyun.probe.initial_delay_seconds: "20"}\n',
    );
    expect(cmd.TaskTemplate.ContainerSpec.HealthCheck).toEqual({
      Test: ["CMD-SHELL", "/check.sh"],
      Interval: 5 * S,
      Retries: 3,
      Timeout: 3 * S,
      StartPeriod: 20 * S,
    });
    const url = specOf('services:\n  web:\n    image: nginx\n    labels: {aliyun.probe.url: "http://container:80/"}\n');
    expect(url.TaskTemplate.ContainerSpec.HealthCheck).toBeUndefined();
  });

  it("reserves GPUs and exposes pinned devices", () => {
    const spec = specOf('services:\n  web:\n    image: cuda\n    labels: {aliyun.gpu: "2"}\n');
    expect(spec.TaskTemplate.Resources.Reservations.GenericResources).toEqual([{ DiscreteResourceSpec: { Kind: "gpu", Value: 2 } }]);
    const devices = specOf('services:\n  web:\n    image: cuda\n    labels: {aliyun.gpu.devices: "0,1"}\n');
    expect(devices.TaskTemplate.ContainerSpec.Env).toEqual(["NVIDIA_VISIBLE_DEVICES=0,1"]);
  });

  it("maps the remaining container settings", () => {
    const spec = specOf(
      'services:\n  web:\n    image: nginx\n    user: "1000:1000"\n    working_dir: /app\n    hostname: web\n    group_add: [audio]\n    tty: true\n    stdin_open: true\n    read_only: true\n    init: true\n    stop_signal: SIGINT\n    stop_grace_period: 20s\n    extra_hosts: ["db:10.0.0.2"]\n    dns: [1.1.1.1]\n    dns_search: [corp]\n    dns_opt: [ndots:2]\n    sysctls: {net.core.somaxconn: 1024}\n    cap_add: [NET_ADMIN]\n    cap_drop: [MKNOD]\n    ulimits: {nofile: 1024}\n',
    );
    expect(spec.TaskTemplate.ContainerSpec).toMatchObject({
      User: "1000:1000",
      Dir: "/app",
      Hostname: "web",
      Groups: ["audio"],
      TTY: true,
      OpenStdin: true,
      ReadOnly: true,
      Init: true,
      StopSignal: "SIGINT",
      StopGracePeriod: 20 * S,
      Hosts: ["10.0.0.2 db"],
      DNSConfig: { Nameservers: ["1.1.1.1"], Search: ["corp"], Options: ["ndots:2"] },
      Sysctls: { "net.core.somaxconn": "1024" },
      CapabilityAdd: ["CAP_NET_ADMIN"],
      CapabilityDrop: ["CAP_MKNOD"],
      Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 1024 }],
    });
  });

  it("uses external and explicitly named objects as written", () => {
    const spec = specOf(
      "services:\n  web:\n    image: nginx\n    volumes: [shared:/s, named:/n]\n    networks: [outside, default]\nvolumes:\n  shared: {external: true}\n  named: {name: exact-name}\nnetworks:\n  outside: {external: true, name: corp-net}\n",
    );
    expect(spec.TaskTemplate.ContainerSpec.Mounts?.map((m) => m.Source)).toEqual(["shared", "exact-name"]);
    expect(spec.TaskTemplate.ContainerSpec.Mounts?.[0]?.VolumeOptions?.DriverConfig).toBeUndefined();
    expect(spec.TaskTemplate.Networks.map((n) => n.Target)).toEqual(["corp-net", "shop_default"]);
  });
});
