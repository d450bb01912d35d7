/**
 * The Docker Engine API ServiceSpec (API 1.41) exactly as far as Wharf produces it
 * (lib/compose/to-swarm-spec.ts), as a strict zod schema: a field Wharf never writes (Privileges,
 * CapabilityDrop's sibling Capabilities, Devices on newer engines, PluginSpec, a top-level
 * Networks, ingress publishing...) is refused by name. The agent parses every service.apply spec
 * with it before the workload policy is checked, so a sender cannot reach the engine with anything
 * the compiler would never have built. lib/compose/swarm-types.ts proves at compile time that every
 * ServiceSpec the compiler builds fits this schema.
 *
 * Presence is lenient (the engine judges what is missing); unknown keys are not.
 */
import { z } from "zod";

const labels = z.record(z.string(), z.string());
const stringMap = z.record(z.string(), z.string());
const int = z.number().int();

const genericResource = z.strictObject({
  DiscreteResourceSpec: z.strictObject({ Kind: z.string(), Value: z.number() }).optional(),
  NamedResourceSpec: z.strictObject({ Kind: z.string(), Value: z.string() }).optional(),
});

export const swarmMountSchema = z.strictObject({
  Type: z.enum(["bind", "volume", "tmpfs"]),
  Source: z.string().optional(),
  Target: z.string(),
  ReadOnly: z.boolean().optional(),
  BindOptions: z
    .strictObject({
      Propagation: z.enum(["rprivate", "private", "rshared", "shared", "rslave", "slave"]).optional(),
      CreateMountpoint: z.boolean().optional(),
    })
    .optional(),
  VolumeOptions: z
    .strictObject({
      NoCopy: z.boolean().optional(),
      Labels: labels.optional(),
      DriverConfig: z.strictObject({ Name: z.string().optional(), Options: stringMap.optional() }).optional(),
    })
    .optional(),
  TmpfsOptions: z.strictObject({ SizeBytes: z.number().optional(), Mode: int.optional() }).optional(),
});

const fileTarget = z.strictObject({ Name: z.string(), UID: z.string(), GID: z.string(), Mode: int });

export const containerSpecSchema = z.strictObject({
  Image: z.string().min(1),
  Labels: labels.optional(),
  Command: z.array(z.string()).optional(),
  Args: z.array(z.string()).optional(),
  Hostname: z.string().optional(),
  Env: z.array(z.string()).optional(),
  Dir: z.string().optional(),
  User: z.string().optional(),
  Groups: z.array(z.string()).optional(),
  TTY: z.boolean().optional(),
  OpenStdin: z.boolean().optional(),
  ReadOnly: z.boolean().optional(),
  Mounts: z.array(swarmMountSchema).optional(),
  StopSignal: z.string().optional(),
  StopGracePeriod: z.number().optional(),
  HealthCheck: z
    .strictObject({
      Test: z.array(z.string()).optional(),
      Interval: z.number().optional(),
      Timeout: z.number().optional(),
      Retries: int.optional(),
      StartPeriod: z.number().optional(),
    })
    .optional(),
  Hosts: z.array(z.string()).optional(),
  DNSConfig: z
    .strictObject({
      Nameservers: z.array(z.string()).optional(),
      Search: z.array(z.string()).optional(),
      Options: z.array(z.string()).optional(),
    })
    .optional(),
  Secrets: z.array(z.strictObject({ File: fileTarget, SecretID: z.string().optional(), SecretName: z.string() })).optional(),
  Configs: z.array(z.strictObject({ File: fileTarget, ConfigID: z.string().optional(), ConfigName: z.string() })).optional(),
  Isolation: z.enum(["default", "process", "hyperv"]).optional(),
  Init: z.boolean().optional(),
  Sysctls: stringMap.optional(),
  CapabilityAdd: z.array(z.string()).optional(),
  CapabilityDrop: z.array(z.string()).optional(),
  Ulimits: z.array(z.strictObject({ Name: z.string(), Soft: int, Hard: int })).optional(),
});

const updateConfig = z.strictObject({
  Parallelism: int.optional(),
  Delay: z.number().optional(),
  FailureAction: z.enum(["continue", "pause", "rollback"]).optional(),
  Monitor: z.number().optional(),
  MaxFailureRatio: z.number().optional(),
  Order: z.enum(["stop-first", "start-first"]).optional(),
});

export const networkAttachmentSchema = z.strictObject({
  Target: z.string().min(1),
  Aliases: z.array(z.string()).optional(),
  DriverOpts: stringMap.optional(),
});

export const portConfigSchema = z.strictObject({
  Name: z.string().optional(),
  Protocol: z.enum(["tcp", "udp", "sctp"]).optional(),
  TargetPort: int,
  PublishedPort: int.optional(),
  // Wharf hosts have no routing mesh: every port is published in host mode.
  PublishMode: z.literal("host").optional(),
});

export const serviceSpecSchema = z.strictObject({
  Name: z.string().min(1),
  Labels: labels.optional(),
  TaskTemplate: z.strictObject({
    ContainerSpec: containerSpecSchema,
    Resources: z
      .strictObject({
        Limits: z.strictObject({ NanoCPUs: z.number().optional(), MemoryBytes: z.number().optional(), Pids: int.optional() }).optional(),
        Reservations: z
          .strictObject({
            NanoCPUs: z.number().optional(),
            MemoryBytes: z.number().optional(),
            GenericResources: z.array(genericResource).optional(),
          })
          .optional(),
      })
      .optional(),
    RestartPolicy: z
      .strictObject({
        Condition: z.enum(["none", "on-failure", "any"]).optional(),
        Delay: z.number().optional(),
        MaxAttempts: int.optional(),
        Window: z.number().optional(),
      })
      .optional(),
    Placement: z
      .strictObject({
        Constraints: z.array(z.string()).optional(),
        Preferences: z.array(z.strictObject({ Spread: z.strictObject({ SpreadDescriptor: z.string() }) })).optional(),
        MaxReplicas: int.optional(),
        Platforms: z.array(z.strictObject({ Architecture: z.string(), OS: z.string() })).optional(),
      })
      .optional(),
    Networks: z.array(networkAttachmentSchema).optional(),
    LogDriver: z.strictObject({ Name: z.string(), Options: stringMap.optional() }).optional(),
    ForceUpdate: int.optional(),
  }),
  Mode: z
    .strictObject({
      Replicated: z.strictObject({ Replicas: int.optional() }).optional(),
      Global: z.strictObject({}).optional(),
      ReplicatedJob: z.strictObject({ MaxConcurrent: int.optional(), TotalCompletions: int.optional() }).optional(),
      GlobalJob: z.strictObject({}).optional(),
    })
    .optional(),
  UpdateConfig: updateConfig.optional(),
  RollbackConfig: updateConfig.optional(),
  EndpointSpec: z.strictObject({ Mode: z.literal("dnsrr").optional(), Ports: z.array(portConfigSchema).optional() }).optional(),
});

/**
 * THE ServiceSpec type: what a service.apply spec may contain (lenient on presence, strict on keys).
 * The schema has no defaults or transforms, so what a sender builds and what the agent parses are
 * the same type. lib/compose/swarm-types.ts keeps a stricter producer's view checked against it;
 * specs read back from the database or the engine go through ./read-spec.ts.
 */
export type ServiceSpec = z.infer<typeof serviceSpecSchema>;
