import { parseImageReference } from "./valid-names";

// Node labels behind affinity rules. Swarm constraints can only test node labels, so the agent on
// each node maintains these labels and affinities become ordinary constraints:
//
//   wharf.image.<repository>=true       the node holds an image of that repository (any tag)
//   wharf.svc.<app>.<service>=true      a task of that service runs on the node
//   wharf.pin.<app>.<service>=true      set by the control plane on the nodes it chose itself
//                                        (binpack, alternatives, wildcards)
//
// Repository encoding (collision-free, reversible, only characters Swarm accepts in constraint
// keys): lowercase; Docker Hub's "docker.io/" and "library/" are dropped; "/" becomes "."; and
// "." → "_d", ":" → "_c", "_" → "_u". Examples:
//   nginx:1.27                           → wharf.image.nginx
//   bitnami/redis                        → wharf.image.bitnami.redis
//   registry.example.com:5000/team/api   → wharf.image.registry_dexample_dcom_c5000.team.api
// This module has no dependencies beyond valid-names so the agent can share it.

export const IMAGE_LABEL_PREFIX = "wharf.image.";
export const SERVICE_LABEL_PREFIX = "wharf.svc.";
export const PIN_LABEL_PREFIX = "wharf.pin.";

const DOCKER_HUB = ["docker.io", "index.docker.io", "registry-1.docker.io"];

function encodeSegment(text: string): string {
  return text.replace(/[._:]/g, (c) => (c === "." ? "_d" : c === ":" ? "_c" : "_u"));
}

/** The repository an image belongs to, in Docker's familiar form ("nginx", "ghcr.io/org/app"). */
export function imageRepository(image: string): string | undefined {
  const parsed = parseImageReference(image);
  if (!parsed.ok) return undefined;
  const { domain, path } = parsed.value;
  const hub = domain === undefined || DOCKER_HUB.includes(domain.toLowerCase());
  const familiarPath = hub && path.startsWith("library/") ? path.slice("library/".length) : path;
  return hub ? familiarPath : `${domain?.toLowerCase()}/${familiarPath}`;
}

/** Node label key meaning "this node holds an image of the repository of `image`". */
export function imageAffinityLabel(image: string): string | undefined {
  const repository = imageRepository(image);
  if (repository === undefined) return undefined;
  return IMAGE_LABEL_PREFIX + repository.split("/").map(encodeSegment).join(".");
}

/** Node label key meaning "a task of `<app>_<service>` runs on this node". Names are DNS labels. */
export function serviceAffinityLabel(appName: string, serviceName: string): string {
  return `${SERVICE_LABEL_PREFIX}${appName}.${serviceName}`;
}

/** Node label key the control plane sets on the nodes it picked for a service. */
export function pinLabel(appName: string, serviceName: string): string {
  return `${PIN_LABEL_PREFIX}${appName}.${serviceName}`;
}

/** Splits an affinity service value: "db" (same app) or "otherapp_db". */
export function affinityServiceTarget(value: string, appName: string): { app: string; service: string } {
  const separator = value.indexOf("_");
  return separator < 0 ? { app: appName, service: value } : { app: value.slice(0, separator), service: value.slice(separator + 1) };
}

/**
 * Node label key an `affinity:<key>==<value>` rule tests: the image label for `image`, else the
 * service label of the target service (undefined for an image reference that does not parse).
 */
export function affinityLabel(key: string, value: string, appName: string): string | undefined {
  if (key === "image") return imageAffinityLabel(value);
  const target = affinityServiceTarget(value, appName);
  return serviceAffinityLabel(target.app, target.service);
}
