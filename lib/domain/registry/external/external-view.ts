/** Columns returned for external registries: never secretEnc. */
export const externalRegistrySelect = {
  id: true,
  name: true,
  kind: true,
  host: true,
  username: true,
  createdAt: true,
  updatedAt: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestError: true,
} as const;

/** The host Docker Hub credentials apply to, whatever the user typed. */
export function normaliseHost(kind: string, host: string): string {
  if (kind === "DOCKER_HUB" && ["index.docker.io", "registry-1.docker.io", "hub.docker.com"].includes(host)) return "docker.io";
  return host;
}
