/**
 * The reverse of to-swarm-spec.ts, for adopting what already runs on a cluster: the compose
 * service (and the external networks, volumes, secrets and configs it names) that compiles back to
 * a running Swarm service's task template. Every service gets `wharf.adopted: <its Swarm name>`,
 * which keeps its name and leaves its containers' labels and network aliases as they are, so taking
 * it over changes only service-level labels and no task is restarted.
 *
 * Not every spec can be written back: what compose cannot say (ingress ports, a VIP, privileges…)
 * is found by compiling the result and comparing it with the live spec (./task-differences.ts),
 * not guessed here. Pure: the engine's JSON in, a plain object for YAML out.
 */
import { OBJECT_LABELS } from "@/lib/protocol/object-labels";

type Json = Record<string, unknown>;

/** One running service as the engine holds it, and the names of the networks its spec names by id. */
export interface LiveService {
  spec: unknown;
}

export interface ComposeFromSwarm {
  /** The compose document (services in the order given; top-level external objects). */
  document: Json;
  /** Compose key → Swarm service name. */
  keys: Record<string, string>;
}

export const ADOPTED_LABEL = "wharf.adopted";

const SECOND = 1_000_000_000;

const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const record = (value: unknown): Json => (isJson(value) ? value : {});
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isJson) : []);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value !== 0 ? value : undefined;
const texts = (value: unknown): string[] | undefined => {
  const list = Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
  return list.length ? list : undefined;
};
const stringMap = (value: unknown): Record<string, string> | undefined => {
  const entries = Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/** Drops undefined members so the YAML holds only what the spec says. */
function compact(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && !(isJson(v) && Object.keys(v).length === 0)));
}

/** Nanoseconds as the shortest exact Go duration ("10s", "1500ms", "250us", "7ns"). */
export function durationText(nanoseconds: number): string {
  for (const [unit, size] of [
    ["h", 3600 * SECOND],
    ["m", 60 * SECOND],
    ["s", SECOND],
    ["ms", 1e6],
    ["us", 1e3],
  ] as const) {
    if (nanoseconds % size === 0) return `${nanoseconds / size}${unit}`;
  }
  return `${nanoseconds}ns`;
}

const duration = (value: unknown): string | undefined => {
  const n = num(value);
  return n === undefined ? undefined : durationText(n);
};

/** A file mode as compose writes it ("0440"): a bare number there is read as octal digits. */
const octal = (value: unknown): string | undefined => (typeof value === "number" ? `0${value.toString(8)}` : undefined);

/** NanoCPUs as compose cpus ("0.5"): a string, so YAML keeps every digit the compiler multiplies back. */
const cpus = (value: unknown): string | undefined => {
  const n = num(value);
  return n === undefined ? undefined : String(n / SECOND);
};

/**
 * A compose key for a Swarm service: the part after its stack's namespace when `docker stack
 * deploy` made it (`shop_web` in stack `shop` → `web`), else its name made a valid key.
 */
export function composeKey(swarmName: string, labels: Record<string, string>): string {
  const stack = labels[OBJECT_LABELS.stackNamespace];
  const base = stack && swarmName.startsWith(`${stack}_`) ? swarmName.slice(stack.length + 1) : swarmName;
  const key = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return key || "service";
}

function environment(env: unknown): Record<string, string> | undefined {
  const list = texts(env);
  if (!list) return undefined;
  // "KEY" without "=" is written as "KEY=" back; the comparison reports it if that differs
  return Object.fromEntries(
    list.map((entry) => (entry.includes("=") ? [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)] : [entry, ""])),
  );
}

function extraHosts(hosts: unknown): string[] | undefined {
  // the engine keeps "IP host [alias…]", as the compiler writes them; compose says "host:IP"
  return texts(hosts)?.flatMap((line) => {
    const [ip, ...names] = line.trim().split(/\s+/);
    return names.map((name) => `${name}:${ip}`);
  });
}

function healthcheck(value: unknown): Json | undefined {
  if (!isJson(value)) return undefined;
  const out = compact({
    test: texts(value.Test),
    interval: duration(value.Interval),
    timeout: duration(value.Timeout),
    retries: num(value.Retries),
    start_period: duration(value.StartPeriod),
  });
  return Object.keys(out).length ? out : undefined;
}

type Objects = { networks: Json; volumes: Json; secrets: Json; configs: Json };

function mount(value: Json, objects: Objects): Json {
  const type = text(value.Type) ?? "volume";
  const source = text(value.Source);
  const out: Json = { type, target: value.Target, read_only: value.ReadOnly === true ? true : undefined };
  if (type === "bind") {
    out.source = source;
    const propagation = text(record(value.BindOptions).Propagation);
    if (propagation) out.bind = { propagation };
  } else if (type === "tmpfs") {
    const options = record(value.TmpfsOptions);
    out.tmpfs = compact({ size: num(options.SizeBytes), mode: octal(options.Mode) });
  } else {
    if (source) {
      out.source = source;
      objects.volumes[source] = { external: true };
    }
    if (record(value.VolumeOptions).NoCopy === true) out.volume = { nocopy: true };
  }
  return compact(out);
}

function fileReferences(list: unknown, nameKey: "SecretName" | "ConfigName", into: Json): Json[] | undefined {
  const refs = records(list).map((ref) => {
    const file = record(ref.File);
    const name = text(ref[nameKey]) ?? "";
    into[name] = { external: true };
    return compact({
      source: name,
      target: text(file.Name),
      uid: text(file.UID),
      gid: text(file.GID),
      mode: octal(file.Mode),
    });
  });
  return refs.length ? refs : undefined;
}

function networks(list: unknown, networkNames: Record<string, string>, objects: Objects): Json {
  const out: Json = {};
  for (const attachment of records(list)) {
    const target = text(attachment.Target) ?? "";
    const name = networkNames[target] ?? target;
    objects.networks[name] = { external: true };
    out[name] = compact({ aliases: texts(attachment.Aliases) ?? [], driver_opts: stringMap(attachment.DriverOpts) });
  }
  return out;
}

function ports(endpoint: unknown): Json[] | undefined {
  const list = records(record(endpoint).Ports).map((port) =>
    compact({
      target: port.TargetPort,
      published: num(port.PublishedPort),
      protocol: text(port.Protocol),
      // Wharf publishes in host mode only; an ingress port shows up as a difference
      mode: "host",
      name: text(port.Name),
    }),
  );
  return list.length ? list : undefined;
}

function updateConfig(value: unknown): Json | undefined {
  if (!isJson(value)) return undefined;
  return compact({
    parallelism: typeof value.Parallelism === "number" ? value.Parallelism : undefined,
    delay: duration(value.Delay),
    failure_action: text(value.FailureAction),
    monitor: duration(value.Monitor),
    max_failure_ratio: num(value.MaxFailureRatio),
    order: text(value.Order),
  });
}

function deploy(spec: Json, swarmName: string): Json {
  const mode = record(spec.Mode);
  const task = record(spec.TaskTemplate);
  const resources = record(task.Resources);
  const limits = record(resources.Limits);
  const reservations = record(resources.Reservations);
  const restart = record(task.RestartPolicy);
  const placement = record(task.Placement);
  const out: Json = {};
  if (isJson(mode.Global)) out.mode = "global";
  else if (isJson(mode.GlobalJob)) out.mode = "global-job";
  else if (isJson(mode.ReplicatedJob)) {
    out.mode = "replicated-job";
    out.replicas = typeof mode.ReplicatedJob.TotalCompletions === "number" ? mode.ReplicatedJob.TotalCompletions : 1;
  } else out.replicas = typeof record(mode.Replicated).Replicas === "number" ? record(mode.Replicated).Replicas : 1;
  out.labels = { ...stringMap(spec.Labels), [ADOPTED_LABEL]: swarmName };
  const generic = records(reservations.GenericResources).flatMap((resource) => {
    const discrete = record(resource.DiscreteResourceSpec);
    return text(discrete.Kind) ? [{ discrete_resource_spec: { kind: discrete.Kind, value: discrete.Value } }] : [];
  });
  out.resources = compact({
    limits: compact({ cpus: cpus(limits.NanoCPUs), memory: num(limits.MemoryBytes), pids: num(limits.Pids) }),
    reservations: compact({
      cpus: cpus(reservations.NanoCPUs),
      memory: num(reservations.MemoryBytes),
      generic_resources: generic.length ? generic : undefined,
    }),
  });
  if (isJson(task.RestartPolicy)) {
    out.restart_policy = compact({
      condition: text(restart.Condition),
      delay: duration(restart.Delay),
      max_attempts: num(restart.MaxAttempts),
      window: duration(restart.Window),
    });
  }
  out.placement = compact({
    constraints: texts(placement.Constraints),
    preferences: records(placement.Preferences).flatMap((p) => {
      const spread = text(record(p.Spread).SpreadDescriptor);
      return spread ? [{ spread }] : [];
    }),
    max_replicas_per_node: num(placement.MaxReplicas),
  });
  if (Array.isArray(record(out.placement).preferences) && (record(out.placement).preferences as unknown[]).length === 0) {
    delete record(out.placement).preferences;
  }
  out.update_config = updateConfig(spec.UpdateConfig);
  out.rollback_config = updateConfig(spec.RollbackConfig);
  return compact(out);
}

function platform(task: Json): string | undefined {
  const [first] = records(record(task.Placement).Platforms);
  if (!first) return undefined;
  const os = text(first.OS);
  const architecture = text(first.Architecture);
  return os && architecture ? `${os}/${architecture}` : undefined;
}

function service(spec: Json, networkNames: Record<string, string>, objects: Objects): Json {
  const task = record(spec.TaskTemplate);
  const container = record(task.ContainerSpec);
  const dns = record(container.DNSConfig);
  const ulimits = records(container.Ulimits);
  const logDriver = record(task.LogDriver);
  const isolation = text(container.Isolation);
  return compact({
    image: container.Image,
    entrypoint: texts(container.Command),
    command: texts(container.Args),
    environment: environment(container.Env),
    labels: stringMap(container.Labels),
    hostname: text(container.Hostname),
    working_dir: text(container.Dir),
    user: text(container.User),
    group_add: texts(container.Groups),
    tty: container.TTY === true ? true : undefined,
    stdin_open: container.OpenStdin === true ? true : undefined,
    read_only: container.ReadOnly === true ? true : undefined,
    init: container.Init === true ? true : undefined,
    isolation: isolation && isolation !== "default" ? isolation : undefined,
    stop_signal: text(container.StopSignal),
    stop_grace_period: duration(container.StopGracePeriod),
    // the engine writes "Healthcheck"; a spec that never went through it may say "HealthCheck"
    healthcheck: healthcheck(container.Healthcheck ?? container.HealthCheck),
    extra_hosts: extraHosts(container.Hosts),
    dns: texts(dns.Nameservers),
    dns_search: texts(dns.Search),
    dns_opt: texts(dns.Options),
    sysctls: stringMap(container.Sysctls),
    cap_add: texts(container.CapabilityAdd),
    cap_drop: texts(container.CapabilityDrop),
    ulimits: ulimits.length ? Object.fromEntries(ulimits.map((u) => [String(u.Name), { soft: u.Soft, hard: u.Hard }])) : undefined,
    logging: text(logDriver.Name) ? compact({ driver: logDriver.Name, options: stringMap(logDriver.Options) }) : undefined,
    platform: platform(task),
    ports: ports(spec.EndpointSpec),
    volumes: records(container.Mounts).map((m) => mount(m, objects)),
    secrets: fileReferences(container.Secrets, "SecretName", objects.secrets),
    configs: fileReferences(container.Configs, "ConfigName", objects.configs),
    // an empty mapping says "no networks": without it the compiler would attach the app's default one
    networks: networks(task.Networks, networkNames, objects),
    deploy: deploy(spec, text(spec.Name) ?? ""),
  });
}

/**
 * The compose document for a set of running services (one service, or a stack's), given the names
 * of the networks their specs name by id.
 */
export function composeFromSwarm(services: LiveService[], networkNames: Record<string, string>): ComposeFromSwarm {
  const objects: Objects = { networks: {}, volumes: {}, secrets: {}, configs: {} };
  const out: Json = {};
  const keys: Record<string, string> = {};
  for (const live of services) {
    const spec = record(live.spec);
    const swarmName = text(spec.Name) ?? "";
    let key = composeKey(swarmName, stringMap(spec.Labels) ?? {});
    for (let n = 2; key in out; n++) key = `${composeKey(swarmName, {})}-${n}`;
    const composed = service(spec, networkNames, objects);
    // an empty volume list is left out; an empty network mapping is kept on purpose
    if (Array.isArray(composed.volumes) && composed.volumes.length === 0) delete composed.volumes;
    if (!("networks" in composed)) composed.networks = {};
    out[key] = composed;
    keys[key] = swarmName;
  }
  return { document: escapeInterpolation(compact({ services: out, ...objects })), keys };
}

/** Every "$" as "$$": the compiler interpolates ${VAR} in every string, and these values are literal. */
function escapeInterpolation<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("$", "$$$$") as T;
  if (Array.isArray(value)) return value.map(escapeInterpolation) as T;
  if (isJson(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeInterpolation(v)])) as T;
  return value;
}
