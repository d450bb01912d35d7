import { OBJECT_LABELS, appSelector } from "@/lib/protocol/object-labels";
import type { ComposeApp } from "./schema-compose";
import type { Labels } from "./swarm-types";

// Names and labels of the Docker objects of an application. Objects are namespaced like
// `docker stack deploy` does (`<app>_<name>`) so `docker stack ps <app>` still works for
// operators, and every object carries the wharf.* labels the agent uses to find its own objects.

export interface AppIdentity {
  appName: string;
  orgSlug: string;
  release?: string;
}

export function systemLabels(identity: AppIdentity, serviceName?: string): Labels {
  const labels: Labels = {
    ...appSelector(identity.orgSlug, identity.appName),
    [OBJECT_LABELS.stackNamespace]: identity.appName,
  };
  if (serviceName !== undefined) labels[OBJECT_LABELS.service] = serviceName;
  if (identity.release !== undefined) labels[OBJECT_LABELS.release] = identity.release;
  return labels;
}

export function serviceFullName(appName: string, serviceName: string): string {
  return `${appName}_${serviceName}`;
}

type Section = "networks" | "volumes" | "secrets" | "configs";

/** Docker name of a declared object: `name:` as written, the key for external objects, else `<app>_<key>`. */
export function resourceName(app: ComposeApp, section: Section, key: string, appName: string): string {
  const def = app[section][key];
  if (def?.name !== undefined) return def.name;
  if (def?.external) return key;
  return `${appName}_${key}`;
}
