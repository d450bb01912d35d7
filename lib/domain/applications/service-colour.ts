/**
 * The two colours a service can run as (releases run both side by side): blue has the plain Swarm
 * name `<app>_<service>` (every first deployment is blue), green ends in `_green`. Compose service
 * names cannot contain "_", so a colour's name never collides with another service's.
 */
export type ServiceColour = "blue" | "green";

const GREEN_SUFFIX = "_green";

export function colourOf(swarmName: string): ServiceColour {
  return swarmName.endsWith(GREEN_SUFFIX) ? "green" : "blue";
}

/** The plain `<app>_<service>` name of either colour. */
export function baseName(swarmName: string): string {
  return colourOf(swarmName) === "green" ? swarmName.slice(0, -GREEN_SUFFIX.length) : swarmName;
}

/** The Swarm name of the colour that is not `live`. */
export function otherColourName(live: string): string {
  return colourOf(live) === "green" ? baseName(live) : `${live}${GREEN_SUFFIX}`;
}

/** The name a service keeps across versions: the colour it runs as now, when it is this service's. */
export function keptSwarmName(fullName: string, current: string | undefined): string {
  return current !== undefined && baseName(current) === fullName ? current : fullName;
}
