import { OBJECT_LABELS } from "@/lib/protocol/object-labels";
import type { CommandResult } from "@/lib/protocol/commands";
import type { ForeignGroup } from "@/lib/schemas/adoption";

type Status = CommandResult<"services.status">;
export type LiveService = Status["services"][number];

/**
 * Services Wharf did not create: none of its application labels, and no application of the
 * cluster claims their name. An adopted service is claimed from the moment its application is
 * created, while the adoption's deployment has yet to label it.
 */
export function foreignServices(status: Status, claimed: ReadonlySet<string>): LiveService[] {
  return status.services.filter((service) => !service.labels[OBJECT_LABELS.app] && !claimed.has(service.name));
}

/** The stack a service belongs to (`docker stack deploy` labels every service with its namespace), or null. */
export function stackOf(service: Pick<LiveService, "labels">): string | null {
  return service.labels[OBJECT_LABELS.stackNamespace] || null;
}

/** Foreign services grouped as operators know them: stacks by namespace, then lone services, each by name. */
export function groupForeign(status: Status, claimed: ReadonlySet<string>): ForeignGroup[] {
  const stacks = new Map<string, LiveService[]>();
  const lone: ForeignGroup[] = [];
  for (const service of foreignServices(status, claimed)) {
    const stack = stackOf(service);
    if (stack) stacks.set(stack, [...(stacks.get(stack) ?? []), service]);
    else lone.push({ kind: "service", name: service.name, services: [view(service)] });
  }
  const grouped: ForeignGroup[] = [...stacks].map(([name, services]) => ({ kind: "stack", name, services: services.map(view) }));
  const byName = (a: ForeignGroup, b: ForeignGroup) => a.name.localeCompare(b.name);
  return [...grouped.sort(byName), ...lone.sort(byName)];
}

/** The services one adoption takes: a stack's, or one lone service (a stack's service is adopted with its stack). */
export function pickForeign(status: Status, claimed: ReadonlySet<string>, kind: "stack" | "service", name: string): LiveService[] {
  const foreign = foreignServices(status, claimed);
  if (kind === "stack") return foreign.filter((service) => stackOf(service) === name);
  return foreign.filter((service) => service.name === name && !stackOf(service));
}

function view(service: LiveService): ForeignGroup["services"][number] {
  return {
    name: service.name,
    image: service.image,
    mode: service.mode,
    replicas: service.replicas,
    runningTasks: service.runningTasks,
    desiredTasks: service.desiredTasks,
  };
}
