import { IssueList } from "./issue-list";
import { OBJECT_LABELS } from "@/lib/protocol/object-labels";
import { hasOwn } from "./plain";
import { resourceName, systemLabels, type AppIdentity } from "./resource-names";
import type { ComposeApp } from "./schema-compose";
import type { NetworkCreateSpec, SecretCreateSpec, VolumeCreateSpec } from "./swarm-types";
import type { Issue, Locate } from "./types";

// Create specs for the application-level objects. External objects are the user's and are never
// created (nor removed) by Wharf.

export interface AppSpecOptions extends AppIdentity {
  app: ComposeApp;
}

/**
 * One overlay network per application (`<app>_default`) when a service uses it, plus every
 * declared network. Overlays are attachable=false unless asked, so stray containers cannot join.
 */
export function toNetworkSpecs({ app, ...identity }: AppSpecOptions): NetworkCreateSpec[] {
  const keys = Object.keys(app.networks);
  const usesDefault = Object.values(app.services).some((service) => !service.networks || hasOwn(service.networks, "default"));
  if (usesDefault && !keys.includes("default")) keys.unshift("default");
  const specs: NetworkCreateSpec[] = [];
  for (const key of keys) {
    const def = app.networks[key];
    if (def?.external) continue;
    const spec: NetworkCreateSpec = {
      Name: resourceName(app, "networks", key, identity.appName),
      Driver: "overlay",
      Scope: "swarm",
      Attachable: def?.attachable ?? false,
      Internal: def?.internal ?? false,
      EnableIPv6: def?.enable_ipv6 ?? false,
      Options: def?.driver_opts ?? {},
      Labels: { ...(def?.labels ?? {}), ...systemLabels(identity), [OBJECT_LABELS.network]: key },
    };
    if (def?.ipam) {
      spec.IPAM = {
        Driver: def.ipam.driver,
        Config: def.ipam.config.map((c) => ({
          Subnet: c.subnet,
          IPRange: c.ip_range,
          Gateway: c.gateway,
          AuxiliaryAddresses: c.aux_addresses,
        })),
        Options: def.ipam.options,
      };
    }
    specs.push(spec);
  }
  return specs;
}

/** Volume create requests the agent applies on nodes (Swarm would otherwise create them lazily). */
export function toVolumeSpecs({ app, ...identity }: AppSpecOptions): VolumeCreateSpec[] {
  return Object.entries(app.volumes)
    .filter(([, def]) => !def.external)
    .map(([key, def]) => ({
      Name: resourceName(app, "volumes", key, identity.appName),
      Driver: def.driver ?? "local",
      DriverOpts: def.driver_opts,
      Labels: { ...def.labels, ...systemLabels(identity), [OBJECT_LABELS.volume]: key },
    }));
}

export interface DataSpecOptions extends AppSpecOptions {
  env: Record<string, string>;
  locate?: Locate;
}

/**
 * Secret and config create specs. Values come from deploy variables (`environment: VAR`) or, for
 * configs, inline `content`; a missing variable is an error because the service could not start.
 */
export function toDataSpecs({ app, env, locate, ...identity }: DataSpecOptions): {
  secrets: SecretCreateSpec[];
  configs: SecretCreateSpec[];
  issues: Issue[];
} {
  const issues = new IssueList(locate);
  const build = (section: "secrets" | "configs"): SecretCreateSpec[] => {
    const specs: SecretCreateSpec[] = [];
    for (const [key, def] of Object.entries(app[section])) {
      if (def.external) continue;
      let data: string | undefined = section === "configs" ? app.configs[key]?.content : undefined;
      if (def.environment !== undefined) {
        if (!hasOwn(env, def.environment)) {
          issues.error(
            "reference",
            [section, key, "environment"],
            `deploy variable ${def.environment} is not set; the ${section.slice(0, -1)} needs its value`,
          );
          continue;
        }
        data = env[def.environment];
      }
      if (data === undefined) continue;
      specs.push({
        Name: resourceName(app, section, key, identity.appName),
        Labels: { ...def.labels, ...systemLabels(identity) },
        Data: Buffer.from(data, "utf8").toString("base64"),
      });
    }
    return specs;
  };
  return { secrets: build("secrets"), configs: build("configs"), issues: issues.items };
}
