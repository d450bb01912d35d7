/**
 * Docker image references, read the way Docker reads them: "[registry/]path[:tag][@digest]",
 * where the first path component is a registry only if it has a "." or ":" or is "localhost".
 * Everything else lives on Docker Hub, which the agent must never make the engine ask.
 */
export type ImageReference = {
  /** Registry host[:port], or null for Docker Hub's implicit default. */
  registry: string | null;
  /** Everything before the tag and digest, registry included. */
  name: string;
  tag: string | null;
  digest: string | null;
};

const HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : null;
  const named = at >= 0 ? image.slice(0, at) : image;
  const slash = named.lastIndexOf("/");
  const colon = named.lastIndexOf(":");
  const tag = colon > slash ? named.slice(colon + 1) : null;
  const name = colon > slash ? named.slice(0, colon) : named;
  const first = name.includes("/") ? name.slice(0, name.indexOf("/")) : null;
  const registry = first !== null && (first.includes(".") || first.includes(":") || first === "localhost") ? first : null;
  return { registry, name, tag, digest };
}

/** True when pulling or resolving this image would go to Docker Hub. */
export function isDockerHubImage(image: string): boolean {
  const { registry } = parseImageReference(image);
  return registry === null || HUB_HOSTS.has(registry.toLowerCase());
}

/** "host/app:1@sha256:…" → "host/app:1". */
export function withoutDigest(image: string): string {
  const at = image.indexOf("@");
  return at >= 0 ? image.slice(0, at) : image;
}
