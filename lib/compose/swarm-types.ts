// The subset of Docker Engine API 1.41 objects Wharf produces (field names as the API spells them).
// Durations are nanoseconds, sizes bytes, CPU in units of 1e-9 CPUs.
//
// The one ServiceSpec type is lib/protocol/service-spec.ts's (the strict schema the agent parses
// with; it refuses any other field). These interfaces stay the producer's stricter view (required
// fields, literal modes), and the assertion at the end proves at compile time that every ServiceSpec
// built here is one of those: a ServiceSpec built here can go anywhere a protocol one is expected.
import type { ServiceSpec as ProtocolServiceSpec } from "@/lib/protocol/service-spec";
import type { Fits } from "@/lib/protocol/type-fit";

export type { ProtocolServiceSpec };

export type Labels = Record<string, string>;

export interface GenericResource {
  DiscreteResourceSpec?: { Kind: string; Value: number };
  NamedResourceSpec?: { Kind: string; Value: string };
}

export interface SwarmMount {
  Type: "bind" | "volume" | "tmpfs";
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave"; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface FileTarget {
  Name: string;
  UID: string;
  GID: string;
  Mode: number;
}

export interface ContainerSpec {
  Image: string;
  Labels: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Groups?: string[];
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: SwarmMount[];
  StopSignal?: string;
  StopGracePeriod?: number;
  HealthCheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  /** SecretID/ConfigID are filled in by the deployer once the objects exist. */
  Secrets?: { File: FileTarget; SecretID?: string; SecretName: string }[];
  Configs?: { File: FileTarget; ConfigID?: string; ConfigName: string }[];
  Isolation?: "default" | "process" | "hyperv";
  Init?: boolean;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
}

export interface SwarmPlacement {
  Constraints: string[];
  Preferences: { Spread: { SpreadDescriptor: string } }[];
  MaxReplicas?: number;
  Platforms?: { Architecture: string; OS: string }[];
}

export interface UpdateConfigSpec {
  Parallelism: number;
  Delay: number;
  FailureAction: "continue" | "pause" | "rollback";
  Monitor: number;
  MaxFailureRatio: number;
  Order: "stop-first" | "start-first";
}

export interface ServiceSpec {
  Name: string;
  Labels: Labels;
  TaskTemplate: {
    ContainerSpec: ContainerSpec;
    Resources: {
      Limits: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number };
      Reservations: { NanoCPUs?: number; MemoryBytes?: number; GenericResources?: GenericResource[] };
    };
    RestartPolicy?: { Condition: "none" | "on-failure" | "any"; Delay?: number; MaxAttempts?: number; Window?: number };
    Placement: SwarmPlacement;
    Networks: { Target: string; Aliases: string[]; DriverOpts?: Record<string, string> }[];
    LogDriver?: { Name: string; Options?: Record<string, string> };
    ForceUpdate?: number;
  };
  Mode:
    | { Replicated: { Replicas: number } }
    | { Global: Record<string, never> }
    | { ReplicatedJob: { MaxConcurrent: number; TotalCompletions: number } }
    | { GlobalJob: Record<string, never> };
  UpdateConfig?: UpdateConfigSpec;
  RollbackConfig?: UpdateConfigSpec;
  EndpointSpec: {
    Mode: "dnsrr";
    Ports: { Name?: string; Protocol: "tcp" | "udp" | "sctp"; TargetPort: number; PublishedPort?: number; PublishMode: "host" }[];
  };
}

/** `POST /networks/create` body. */
export interface NetworkCreateSpec {
  Name: string;
  Driver: string;
  Scope: "swarm";
  Attachable: boolean;
  Internal: boolean;
  EnableIPv6: boolean;
  Options: Record<string, string>;
  Labels: Labels;
  IPAM?: {
    Driver?: string;
    Config: { Subnet?: string; IPRange?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> }[];
    Options: Record<string, string>;
  };
}

/** `POST /volumes/create` body; the agent runs it on nodes before tasks need the volume. */
export interface VolumeCreateSpec {
  Name: string;
  Driver: string;
  DriverOpts: Record<string, string>;
  Labels: Labels;
}

/** `POST /secrets/create` and `POST /configs/create` bodies (Data is base64). */
export interface SecretCreateSpec {
  Name: string;
  Labels: Labels;
  Data: string;
}

/**
 * Compile-time proof that every ServiceSpec built here is one the agent accepts: the types fit, and
 * no field exists here that the schema lacks. When this fails, the error names the offending keys.
 */
export const SERVICE_SPEC_FITS_PROTOCOL: Fits<ServiceSpec, ProtocolServiceSpec> = true;
