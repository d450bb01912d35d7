import { configDefShape, composeShape, networkDefShape, secretDefShape, volumeDefShape } from "./schema-compose";
import {
  deploySchema,
  deviceRequestSchema,
  genericResourceSchema,
  limitsSchema,
  placementSchema,
  reservationsSchema,
  restartPolicySchema,
  rollbackConfigSchema,
  updateConfigSchema,
} from "./schema-deploy";
import { serviceShape } from "./schema-service";
import {
  dependencyLongSchema,
  fileReferenceLongSchema,
  loggingSchema,
  networkAttachmentSchema,
  portLongSchema,
  volumeLongSchema,
} from "./schema-service-parts";

// Which keys exist at each level of a compose file. Known keys come from the zod shapes (one
// source of truth); "unsupported" keys are valid compose that Docker Swarm cannot honour. They
// are removed with a warning that says what happens instead, never dropped silently. A few are
// errors because ignoring them would deploy something materially different from the file.

export interface Unsupported {
  severity: "warning" | "error";
  message: string;
}

export type ChildRule = { kind: "object" | "entries" | "items"; rule: KeyRule };

export interface KeyRule {
  known: readonly string[];
  unsupported?: Readonly<Record<string, Unsupported>>;
  children?: Readonly<Record<string, ChildRule>>;
}

const warn = (message: string): Unsupported => ({ severity: "warning", message });
const fail = (message: string): Unsupported => ({ severity: "error", message });
const keysOf = (shape: object): string[] => Object.keys(shape);
const withoutKeys = (shape: object, ...drop: string[]): object =>
  Object.fromEntries(Object.entries(shape).filter(([key]) => !drop.includes(key)));
const cpuTuning = warn(
  "fine-grained CPU tuning is not available to Swarm services and is ignored; use deploy.resources.limits.cpus and reservations.cpus",
);
const namespace = warn("Swarm services cannot share host namespaces; the setting is ignored");
const memoryTuning = warn("Swarm services cannot set this memory option; it is ignored (use deploy.resources.limits.memory)");

export const SERVICE_UNSUPPORTED: Readonly<Record<string, Unsupported>> = {
  build: warn(
    "Swarm does not build images; the build section is ignored. Build and push the image to your registry and reference it in image",
  ),
  dockerfile: warn("Swarm does not build images; dockerfile is ignored"),
  container_name: warn(
    "Swarm names containers itself (<app>_<service>.<slot>.<id>); container_name is ignored. Other services reach this one by its service name",
  ),
  links: warn("links are not needed: services of an application reach each other by service name on the app network; links are ignored"),
  external_links: warn("external_links are ignored: attach both services to a shared external network instead"),
  privileged: warn("Swarm services cannot run privileged containers; privileged is ignored. Grant specific capabilities with cap_add"),
  network_mode: warn(
    'network_mode is ignored: Swarm services join the application\'s overlay network. For host networking, attach the service to an external network named "host"',
  ),
  cgroup: namespace,
  cgroup_parent: warn("cgroup_parent is ignored: Swarm places task containers in its own cgroups"),
  cpu_shares: cpuTuning,
  cpu_quota: cpuTuning,
  cpu_period: cpuTuning,
  cpu_rt_runtime: cpuTuning,
  cpu_rt_period: cpuTuning,
  cpu_count: cpuTuning,
  cpu_percent: cpuTuning,
  cpuset: cpuTuning,
  devices: warn(
    "Swarm cannot map host devices into service containers; devices are ignored. For GPUs use the wharf.gpu (aliyun.gpu) label",
  ),
  device_cgroup_rules: warn("device_cgroup_rules are not available to Swarm services and are ignored"),
  gpus: warn("gpus is ignored by Swarm; request GPUs with the wharf.gpu (aliyun.gpu) label or deploy.resources.reservations.devices"),
  domainname: warn("domainname is not available to Swarm services and is ignored; set hostname instead"),
  ipc: namespace,
  pid: namespace,
  uts: namespace,
  userns_mode: namespace,
  mac_address: warn("Swarm assigns MAC addresses on overlay networks; mac_address is ignored"),
  mem_swappiness: memoryTuning,
  memswap_limit: memoryTuning,
  oom_kill_disable: memoryTuning,
  oom_score_adj: memoryTuning,
  shm_size: warn("shm_size is not available to Swarm services and is ignored; mount a tmpfs at /dev/shm with a size instead"),
  security_opt: warn("security_opt is not available to Swarm services and is ignored"),
  storage_opt: warn("storage_opt is not available to Swarm services and is ignored"),
  blkio_config: warn("blkio_config is not available to Swarm services and is ignored"),
  volumes_from: warn("volumes_from is ignored by Swarm: share data through a named volume mounted in both services"),
  volume_driver: warn("volume_driver is ignored: set driver on each named volume under the top-level volumes section"),
  env_file: warn(
    "env_file is ignored: Wharf cannot read files from your machine. Put the variables under environment (values may use ${VAR} from the deploy variables)",
  ),
  label_file: warn("label_file is ignored: Wharf cannot read files from your machine; put the labels under labels"),
  profiles: warn("profiles are ignored: every service in the file is deployed"),
  runtime: warn("runtime is not available to Swarm services and is ignored"),
  attach: warn("attach only affects `docker compose up` output and is ignored"),
  develop: warn("develop (compose watch) is ignored on clusters"),
  post_start: warn("post_start hooks are not available to Swarm services and are ignored"),
  pre_stop: warn("pre_stop hooks are not available to Swarm services and are ignored"),
  annotations: warn("annotations are not available to Swarm services and are ignored; use labels"),
  credential_spec: warn("credential_spec (Windows gMSA) is not supported by Wharf and is ignored"),
  use_api_socket: warn("use_api_socket is ignored: Wharf does not expose the Docker API to containers"),
  models: warn("models are not supported by Wharf and are ignored"),
  provider: warn("provider services are not supported by Wharf and are ignored"),
  stop_timeout: warn("stop_timeout is ignored; use stop_grace_period"),
  // resolve-extends.ts merges `extends` and removes it before keys are checked; this entry keeps the
  // key in the "did you mean" vocabulary and refuses it should a caller skip that step.
  extends: fail("extends was not resolved: Wharf merges extends of a service in the same file before checking keys"),
  external: fail(
    "external services (an alias for an outside endpoint) are not supported yet; remove the service and use the endpoint's address in environment",
  ),
};

const onlyKeys = (shape: object, children?: Record<string, ChildRule>, unsupported?: Record<string, Unsupported>): KeyRule => ({
  known: keysOf(shape),
  children,
  unsupported,
});

const reservationsRule = onlyKeys(reservationsSchema.shape, {
  devices: { kind: "items", rule: onlyKeys(deviceRequestSchema.shape) },
  generic_resources: { kind: "items", rule: onlyKeys(genericResourceSchema.shape) },
});

export const DEPLOY_RULE: KeyRule = onlyKeys(deploySchema.shape, {
  resources: {
    kind: "object",
    rule: onlyKeys(
      { limits: 0, reservations: 0 },
      { limits: { kind: "object", rule: onlyKeys(limitsSchema.shape) }, reservations: { kind: "object", rule: reservationsRule } },
    ),
  },
  restart_policy: { kind: "object", rule: onlyKeys(restartPolicySchema.shape) },
  placement: { kind: "object", rule: onlyKeys(placementSchema.shape, { preferences: { kind: "items", rule: onlyKeys({ spread: 0 }) } }) },
  update_config: { kind: "object", rule: onlyKeys(updateConfigSchema.shape) },
  rollback_config: { kind: "object", rule: onlyKeys(rollbackConfigSchema.shape) },
});

const attachmentUnsupported = warn(
  "fixed addresses and interface settings are not available on Swarm overlay networks; the setting is ignored",
);

export const SERVICE_RULE: KeyRule = {
  known: keysOf(serviceShape),
  unsupported: SERVICE_UNSUPPORTED,
  children: {
    deploy: { kind: "object", rule: DEPLOY_RULE },
    healthcheck: {
      kind: "object",
      rule: onlyKeys({ test: 0, interval: 0, timeout: 0, start_period: 0, retries: 0, disable: 0 }, undefined, {
        start_interval: warn("start_interval needs Docker API 1.44; it is ignored and the normal interval applies during the start period"),
      }),
    },
    logging: { kind: "object", rule: onlyKeys(loggingSchema.shape) },
    ports: {
      kind: "items",
      rule: onlyKeys(withoutKeys(portLongSchema.shape, "app_protocol"), undefined, {
        host_ip: fail("Swarm cannot publish a port on one host address; remove host_ip"),
        app_protocol: warn("app_protocol is informational in compose and Swarm has no field for it; it is ignored"),
      }),
    },
    volumes: {
      kind: "items",
      rule: onlyKeys(
        withoutKeys(volumeLongSchema.shape, "consistency"),
        {
          bind: {
            kind: "object",
            rule: onlyKeys({ propagation: 0 }, undefined, {
              selinux: warn("SELinux relabelling is not available for Swarm mounts; selinux is ignored"),
              create_host_path: warn("Swarm does not create missing host paths for bind mounts; create the directory on the nodes first"),
            }),
          },
          volume: {
            kind: "object",
            rule: onlyKeys({ nocopy: 0 }, undefined, { subpath: fail("volume subpath needs Docker API 1.45; it is not supported yet") }),
          },
          tmpfs: { kind: "object", rule: onlyKeys({ size: 0, mode: 0 }) },
        },
        { consistency: warn("consistency only matters for Docker Desktop file sharing; it is ignored") },
      ),
    },
    networks: {
      kind: "entries",
      rule: onlyKeys(networkAttachmentSchema.shape, undefined, {
        ipv4_address: attachmentUnsupported,
        ipv6_address: attachmentUnsupported,
        link_local_ips: attachmentUnsupported,
        mac_address: attachmentUnsupported,
        interface_name: attachmentUnsupported,
        priority: attachmentUnsupported,
        gw_priority: attachmentUnsupported,
      }),
    },
    secrets: { kind: "items", rule: onlyKeys(fileReferenceLongSchema.shape) },
    configs: { kind: "items", rule: onlyKeys(fileReferenceLongSchema.shape) },
    depends_on: { kind: "entries", rule: onlyKeys(dependencyLongSchema.shape) },
    ulimits: { kind: "entries", rule: onlyKeys({ soft: 0, hard: 0 }) },
  },
};

const templateDriver = warn("template_driver is not supported; the content is used as written");

export const TOP_RULE: KeyRule = {
  known: keysOf(composeShape),
  unsupported: {
    include: fail("include is not supported yet: Wharf cannot read other files. Paste the included services into this file"),
    models: warn("models are not supported by Wharf and are ignored"),
  },
  children: {
    services: { kind: "entries", rule: SERVICE_RULE },
    networks: {
      kind: "entries",
      rule: onlyKeys(
        networkDefShape,
        {
          ipam: {
            kind: "object",
            rule: onlyKeys(
              { driver: 0, config: 0, options: 0 },
              { config: { kind: "items", rule: onlyKeys({ subnet: 0, ip_range: 0, gateway: 0, aux_addresses: 0 }) } },
            ),
          },
        },
        { enable_ipv4: warn("enable_ipv4 is ignored: overlay networks always have IPv4") },
      ),
    },
    volumes: { kind: "entries", rule: onlyKeys(volumeDefShape) },
    secrets: {
      kind: "entries",
      rule: onlyKeys(secretDefShape, undefined, {
        driver: warn("secret drivers are not supported; the secret is stored by Swarm"),
        driver_opts: warn("secret drivers are not supported; driver_opts are ignored"),
        template_driver: templateDriver,
      }),
    },
    configs: { kind: "entries", rule: onlyKeys(configDefShape, undefined, { template_driver: templateDriver }) },
  },
};
