import { encodeLogStores, LOG_STORES_LABEL } from "@/lib/protocol/logs";
import { encodeProbe, PROBE_DEFAULTS, PROBE_LABEL } from "@/lib/protocol/probe";
import { normalizeHostPath } from "@/lib/protocol/workload-policy-rules";
import { CLASSIC_SCHEDULING } from "./collect-labels";
import type { ServiceExtensions } from "./extensions";
import type { Mount } from "./parse-volume";
import { resourceName, serviceFullName, systemLabels, type AppIdentity } from "./resource-names";
import type { ComposeApp } from "./schema-compose";
import type { UpdateConfig } from "./schema-deploy";
import type { ComposeService } from "./schema-service";
import { buildPlacement, type PlacementPlan } from "./scheduling";
import type { ContainerSpec, ServiceSpec, SwarmMount, UpdateConfigSpec } from "./swarm-types";
import { isTrafficPort, trafficPorts } from "./traffic-ports";

export interface ToSwarmSpecOptions extends AppIdentity {
  app: ComposeApp;
  serviceName: string;
  extensions: ServiceExtensions;
  defaultStrategy?: "spread" | "binpack";
  spreadDescriptor?: string;
}

const SECOND = 1_000_000_000;
// Probe labels mirror Aliyun's host-side probe, which ran every ~2 s; 5 s keeps the same
// responsiveness for rolling updates without running a command in every container that often.
const PROBE_INTERVAL = 5 * SECOND;
const DEFAULT_UPDATE: UpdateConfigSpec = {
  Parallelism: 1,
  Delay: 0,
  FailureAction: "pause",
  Monitor: 5 * SECOND,
  MaxFailureRatio: 0,
  Order: "stop-first",
};

function toMount(mount: Mount, options: ToSwarmSpecOptions): SwarmMount {
  if (mount.type === "bind") {
    // The normalised path is the one the workload policy checked (and the only spelling the agent accepts).
    const out: SwarmMount = {
      Type: "bind",
      Source: normalizeHostPath(mount.source) ?? mount.source,
      Target: mount.target,
      ReadOnly: mount.read_only,
    };
    if (mount.propagation) out.BindOptions = { Propagation: mount.propagation };
    return out;
  }
  if (mount.type === "tmpfs") {
    const tmpfs: SwarmMount["TmpfsOptions"] = {};
    if (mount.size !== undefined) tmpfs.SizeBytes = mount.size;
    if (mount.mode !== undefined) tmpfs.Mode = mount.mode;
    return { Type: "tmpfs", Target: mount.target, ReadOnly: mount.read_only, TmpfsOptions: tmpfs };
  }
  const out: SwarmMount = { Type: "volume", Target: mount.target, ReadOnly: mount.read_only };
  // an adopted service's mounts stay as they were created (their labels are part of the task template)
  const volumeOptions: NonNullable<SwarmMount["VolumeOptions"]> = { NoCopy: mount.nocopy };
  if (!options.extensions.adopted) volumeOptions.Labels = systemLabels(options);
  if (mount.source !== undefined) {
    out.Source = resourceName(options.app, "volumes", mount.source, options.appName);
    const def = options.app.volumes[mount.source];
    // Swarm creates a missing volume on the node the task lands on; the driver config makes it
    // create it with the right plugin (ossfs, nfs...) instead of a local directory.
    // Naming "local" explicitly spares the engine a lookup through every volume plugin.
    if (def && !def.external) volumeOptions.DriverConfig = { Name: def.driver ?? "local", Options: def.driver_opts };
  }
  out.VolumeOptions = volumeOptions;
  return out;
}

function healthCheck(service: ComposeService, extensions: ServiceExtensions): ContainerSpec["HealthCheck"] | undefined {
  const h = service.healthcheck;
  if (h) {
    const out: NonNullable<ContainerSpec["HealthCheck"]> = {};
    if (h.test) out.Test = h.test;
    if (h.interval !== undefined) out.Interval = h.interval;
    if (h.timeout !== undefined) out.Timeout = h.timeout;
    if (h.retries !== undefined) out.Retries = h.retries;
    if (h.start_period !== undefined) out.StartPeriod = h.start_period;
    return out;
  }
  const probe = extensions.probe;
  // URL probes (http/tcp) run from the node like Aliyun's did, by the agent: an image may lack
  // curl or nc, and a probe that cannot run would mark healthy tasks unhealthy.
  if (probe?.kind !== "cmd") return undefined;
  const out: NonNullable<ContainerSpec["HealthCheck"]> = { Test: ["CMD-SHELL", probe.command], Interval: PROBE_INTERVAL, Retries: 3 };
  if (probe.timeoutSeconds !== undefined) out.Timeout = probe.timeoutSeconds * SECOND;
  if (probe.initialDelaySeconds !== undefined) out.StartPeriod = probe.initialDelaySeconds * SECOND;
  return out;
}

function updateSpec(config: UpdateConfig | undefined): UpdateConfigSpec {
  const out = { ...DEFAULT_UPDATE };
  if (!config) return out;
  if (config.parallelism !== undefined) out.Parallelism = config.parallelism;
  if (config.delay !== undefined) out.Delay = config.delay;
  if (config.failure_action !== undefined) out.FailureAction = config.failure_action;
  if (config.monitor !== undefined) out.Monitor = config.monitor;
  if (config.max_failure_ratio !== undefined) out.MaxFailureRatio = config.max_failure_ratio;
  if (config.order !== undefined) out.Order = config.order;
  return out;
}

/** The declared log stores, for the agent (lib/protocol/logs.ts): it reads this label, never compose labels. */
function logStoresLabel(extensions: ServiceExtensions): Record<string, string> {
  const stores = extensions.logs.stores.map((s) => ({ name: s.name, source: s.source.kind === "stdout" ? "stdout" : s.source.path }));
  return stores.length ? { [LOG_STORES_LABEL]: encodeLogStores(stores) } : {};
}

/** The URL probe (http/tcp), for the agent that runs it from the node (lib/protocol/probe.ts). */
function probeLabel(extensions: ServiceExtensions): Record<string, string> {
  const probe = extensions.probe;
  if (!probe || probe.kind === "cmd") return {};
  const value = encodeProbe({
    kind: probe.kind === "tcp" ? "tcp" : "http",
    port: probe.port,
    path: probe.kind === "http" ? probe.path : undefined,
    intervalSeconds: PROBE_DEFAULTS.intervalSeconds,
    timeoutSeconds: probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    initialDelaySeconds: probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    failureThreshold: PROBE_DEFAULTS.failureThreshold,
  });
  return { [PROBE_LABEL]: value };
}

function containerSpec(service: ComposeService, options: ToSwarmSpecOptions): ContainerSpec {
  const { extensions, serviceName, app, appName } = options;
  const env = Object.entries(service.environment).filter(([key]) => !CLASSIC_SCHEDULING.test(key));
  if (extensions.gpuDevices && !env.some(([key]) => key === "NVIDIA_VISIBLE_DEVICES")) {
    // nvidia-container-runtime exposes exactly these GPUs to the container.
    env.push(["NVIDIA_VISIBLE_DEVICES", extensions.gpuDevices.join(",")]);
  }
  const spec: ContainerSpec = {
    Image: service.image,
    Labels: {
      ...service.labels,
      ...(extensions.adopted ? {} : systemLabels(options, serviceName)),
      ...logStoresLabel(extensions),
      ...probeLabel(extensions),
    },
  };
  // Only the compiler says what the agent collects and probes: a template cannot set these labels by hand.
  if (extensions.logs.stores.length === 0) delete spec.Labels?.[LOG_STORES_LABEL];
  if (!extensions.probe || extensions.probe.kind === "cmd") delete spec.Labels?.[PROBE_LABEL];
  if (service.entrypoint) spec.Command = service.entrypoint;
  if (service.command) spec.Args = service.command;
  if (env.length > 0) spec.Env = env.map(([key, value]) => `${key}=${value}`);
  if (service.hostname) spec.Hostname = service.hostname;
  if (service.working_dir) spec.Dir = service.working_dir;
  if (service.user) spec.User = service.user;
  if (service.group_add) spec.Groups = service.group_add;
  if (service.tty !== undefined) spec.TTY = service.tty;
  if (service.stdin_open !== undefined) spec.OpenStdin = service.stdin_open;
  if (service.read_only !== undefined) spec.ReadOnly = service.read_only;
  if (service.init !== undefined) spec.Init = service.init;
  if (service.isolation) spec.Isolation = service.isolation;
  if (service.stop_signal) spec.StopSignal = service.stop_signal;
  if (service.stop_grace_period !== undefined) spec.StopGracePeriod = service.stop_grace_period;
  const mounts = [...service.volumes, ...(service.tmpfs ?? [])].map((mount) => toMount(mount, options));
  if (mounts.length > 0) spec.Mounts = mounts;
  const health = healthCheck(service, extensions);
  if (health) spec.HealthCheck = health;
  if (service.extra_hosts?.length) spec.Hosts = service.extra_hosts.map(({ host, ip }) => `${ip} ${host}`);
  if (service.dns || service.dns_search || service.dns_opt) {
    spec.DNSConfig = { Nameservers: service.dns ?? [], Search: service.dns_search ?? [], Options: service.dns_opt ?? [] };
  }
  if (service.sysctls) spec.Sysctls = service.sysctls;
  if (service.cap_add) spec.CapabilityAdd = service.cap_add;
  if (service.cap_drop) spec.CapabilityDrop = service.cap_drop;
  if (service.ulimits) spec.Ulimits = Object.entries(service.ulimits).map(([Name, { soft, hard }]) => ({ Name, Soft: soft, Hard: hard }));
  if (service.secrets.length > 0) {
    spec.Secrets = service.secrets.map((ref) => ({
      File: { Name: ref.target ?? ref.source, UID: ref.uid ?? "0", GID: ref.gid ?? "0", Mode: ref.mode ?? 0o444 },
      SecretName: resourceName(app, "secrets", ref.source, appName),
    }));
  }
  if (service.configs.length > 0) {
    spec.Configs = service.configs.map((ref) => ({
      File: { Name: ref.target ?? `/${ref.source}`, UID: ref.uid ?? "0", GID: ref.gid ?? "0", Mode: ref.mode ?? 0o444 },
      ConfigName: resourceName(app, "configs", ref.source, appName),
    }));
  }
  return spec;
}

function mode(service: ComposeService, extensions: ServiceExtensions): ServiceSpec["Mode"] {
  const deployMode = extensions.global ? "global" : service.deploy.mode;
  const replicas = extensions.scale ?? service.deploy.replicas ?? extensions.autoScaling?.minInstances ?? 1;
  if (deployMode === "global") return { Global: {} };
  if (deployMode === "global-job") return { GlobalJob: {} };
  if (deployMode === "replicated-job") return { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
  return { Replicated: { Replicas: replicas } };
}

type EndpointPort = ServiceSpec["EndpointSpec"]["Ports"][number];

/**
 * Host-mode ports. Those a load balancer or the routing tier reaches get no fixed PublishedPort
 * (the engine picks one per task, so replicas never collide on a node; the agent reports the
 * chosen ports), and a routed container port the template does not list is published all the same.
 */
function endpointPorts(service: ComposeService, extensions: ServiceExtensions): EndpointPort[] {
  const traffic = trafficPorts(extensions);
  const out: EndpointPort[] = [];
  for (const port of service.ports) {
    const engineChosen = isTrafficPort(traffic, port);
    // "8080:80" and "9090:80" both become "80": publish it once.
    if (engineChosen && out.some((p) => p.TargetPort === port.target && p.Protocol === port.protocol && p.PublishedPort === undefined))
      continue;
    const spec: EndpointPort = { Protocol: port.protocol, TargetPort: port.target, PublishMode: "host" };
    if (port.published !== undefined && !engineChosen) spec.PublishedPort = port.published;
    if (port.name !== undefined) spec.Name = port.name;
    out.push(spec);
  }
  for (const port of traffic) {
    if (!service.ports.some((p) => p.target === port.target && p.protocol === port.protocol))
      out.push({ Protocol: port.protocol, TargetPort: port.target, PublishMode: "host" });
  }
  return out;
}

/**
 * Translates one normalised service and its extensions into a Docker Engine API ServiceSpec
 * (POST /services/create, API 1.41). Endpoints always use DNS round-robin and host-mode ports:
 * Wharf hosts have no IPVS, so neither VIPs nor the ingress mesh are available.
 */
export function toSwarmSpec(options: ToSwarmSpecOptions): { spec: ServiceSpec; plan: PlacementPlan } {
  const { app, serviceName, extensions, appName } = options;
  const service = app.services[serviceName];
  if (!service) throw new Error(`toSwarmSpec: unknown service "${serviceName}"`);
  const plan = buildPlacement({
    appName,
    serviceName,
    service,
    extensions,
    // the cluster's defaults would change an adopted service's placement, and restart it
    defaultStrategy: extensions.adopted ? undefined : options.defaultStrategy,
    spreadDescriptor: extensions.adopted ? undefined : options.spreadDescriptor,
  });
  const { limits, reservations } = service.deploy.resources;
  const resources: ServiceSpec["TaskTemplate"]["Resources"] = { Limits: {}, Reservations: {} };
  if (limits.cpus !== undefined) resources.Limits.NanoCPUs = Math.round(limits.cpus * SECOND);
  if (limits.memory !== undefined) resources.Limits.MemoryBytes = limits.memory;
  if (limits.pids !== undefined) resources.Limits.Pids = limits.pids;
  if (reservations.cpus !== undefined) resources.Reservations.NanoCPUs = Math.round(reservations.cpus * SECOND);
  if (reservations.memory !== undefined) resources.Reservations.MemoryBytes = reservations.memory;
  if (plan.genericResources.length > 0) resources.Reservations.GenericResources = plan.genericResources;

  const networks = service.networks ?? { default: { aliases: [], driver_opts: {} } };
  const spec: ServiceSpec = {
    Name: extensions.adopted ?? serviceFullName(appName, serviceName),
    Labels: { ...service.deploy.labels, ...systemLabels(options, serviceName) },
    TaskTemplate: {
      ContainerSpec: containerSpec(service, options),
      Resources: resources,
      Placement: plan.placement,
      Networks: Object.entries(networks).map(([key, attachment]) => {
        const target = resourceName(app, "networks", key, appName);
        const network: ServiceSpec["TaskTemplate"]["Networks"][number] = {
          Target: target,
          // The host network has no DNS of its own, so aliases are only set on overlays; an adopted
          // service keeps exactly the aliases it ran with.
          Aliases: target === "host" ? [] : extensions.adopted ? attachment.aliases : [...new Set([serviceName, ...attachment.aliases])],
        };
        if (Object.keys(attachment.driver_opts).length > 0) network.DriverOpts = attachment.driver_opts;
        return network;
      }),
    },
    Mode: mode(service, extensions),
    EndpointSpec: { Mode: "dnsrr", Ports: endpointPorts(service, extensions) },
  };
  const policy = service.deploy.restart_policy;
  const isJob = service.deploy.mode.endsWith("-job");
  if (policy || isJob) {
    const restart: NonNullable<ServiceSpec["TaskTemplate"]["RestartPolicy"]> = { Condition: policy?.condition ?? "on-failure" };
    if (isJob && restart.Condition === "any") restart.Condition = "on-failure";
    if (policy?.delay !== undefined) restart.Delay = policy.delay;
    if (policy?.max_attempts !== undefined) restart.MaxAttempts = policy.max_attempts;
    if (policy?.window !== undefined) restart.Window = policy.window;
    spec.TaskTemplate.RestartPolicy = restart;
  }
  if (service.logging?.driver) spec.TaskTemplate.LogDriver = { Name: service.logging.driver, Options: service.logging.options ?? {} };
  if (!isJob) {
    spec.UpdateConfig = updateSpec(service.deploy.update_config);
    if (extensions.rollingUpdates) spec.UpdateConfig.Parallelism = extensions.rollingUpdates.parallelism;
    spec.RollbackConfig = updateSpec(service.deploy.rollback_config);
  }
  return { spec, plan };
}
