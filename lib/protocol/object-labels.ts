/**
 * The labels Wharf puts on the Docker objects of an application (services, networks, volumes), in one
 * place: the compiler writes them, releases add a colour, and the control plane selects an
 * application's services by them, and the agent reads them (it may import lib/protocol/).
 */
export const OBJECT_LABELS = {
  org: "wharf.org",
  app: "wharf.app",
  service: "wharf.service",
  release: "wharf.release",
  /** "blue" or "green": which colour of a release a service is. */
  colour: "wharf.colour",
  /** The compose file's key of a network or volume. */
  network: "wharf.network",
  volume: "wharf.volume",
  /** Set like `docker stack deploy` does, so `docker stack ps <app>` works for operators. */
  stackNamespace: "com.docker.stack.namespace",
} as const;

/** The labels that select one application's objects (the agent's services.status filter). */
export const appSelector = (orgSlug: string, appName: string): Record<string, string> => ({
  [OBJECT_LABELS.org]: orgSlug,
  [OBJECT_LABELS.app]: appName,
});
