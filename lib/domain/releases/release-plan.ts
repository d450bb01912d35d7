/**
 * What a release of a new template version will do, decided from the compiled version and the
 * services running now (pure): which services run in two colours (those behind a load balancer),
 * under which names, with which strategy and canary parameters. The API's answer and the worker's
 * steps both read this one plan, stored on the release.
 */
import type { CompiledTemplate } from "../applications/compile-template";
import { colourOf, otherColourName } from "../applications/service-colour";
import { specMode } from "../applications/service-facts";
import type { ReleaseServicePair } from "../traffic/release-split";
import { AppError } from "@/lib/errors";
import { canaryParamsSchema, type CanaryParams, type Colour, type ReleaseOptions, type ReleaseStrategy } from "@/lib/schemas/releases";

export const other = (colour: Colour): Colour => (colour === "blue" ? "green" : "blue");

export type LiveService = { name: string; swarmName: string; replicas: number | null };

export type ReleasePlan = {
  strategy: ReleaseStrategy;
  fromColour: Colour;
  toColour: Colour;
  services: ReleaseServicePair[];
  canary: CanaryParams | null;
  /** Old tasks replaced at a time by a rolling release (`aliyun.rolling_updates.parallelism`, else 1). */
  parallelism: number;
};

const behindLoadBalancer = (s: CompiledTemplate["services"][number]) => s.extensions.lb.length > 0 || s.extensions.routing.rules.length > 0;

/** Strategy and canary parameters: what was chosen, else the template's labels, else the defaults. */
export function releaseParameters(
  compiled: CompiledTemplate,
  options: ReleaseOptions,
): { strategy: ReleaseStrategy | null; canary: CanaryParams } {
  const labelled = compiled.services.map((s) => s.extensions.release).filter((r) => r !== undefined);
  const strategy = options.strategy ?? labelled.find((r) => r.strategy)?.strategy ?? null;
  const fromLabels = Object.assign({}, ...labelled.map((r) => r.canary)) as Partial<CanaryParams>;
  const canary = canaryParamsSchema.parse({ ...fromLabels, ...options.canary });
  // The last step sends everything to the new colour; a list that stops short gets it added.
  if (canary.steps[canary.steps.length - 1] !== 100) canary.steps = [...canary.steps, 100];
  return { strategy, canary };
}

export function planRelease({
  compiled,
  live,
  options,
}: {
  compiled: CompiledTemplate;
  live: LiveService[];
  options: ReleaseOptions;
}): ReleasePlan {
  const { strategy, canary } = releaseParameters(compiled, options);
  const chosen = strategy ?? "rolling";
  const services: ReleaseServicePair[] = [];
  for (const service of compiled.services.filter(behindLoadBalancer)) {
    const running = live.find((l) => l.name === service.name);
    // A service new in this version has nothing to replace: it is created as the deployment goes.
    if (!running) continue;
    if (specMode(service.spec).mode !== "replicated") {
      throw new AppError(
        "CONFLICT",
        `Service ${service.name} is global (one task per node): a ${chosen} release runs two sets of tasks side by side, which a global service cannot; deploy this version as usual`,
      );
    }
    const replicas = Math.max(1, running.replicas ?? specMode(service.spec).replicas ?? 1);
    services.push({ name: service.name, from: running.swarmName, to: otherColourName(running.swarmName), replicas });
  }
  const first = services[0];
  if (!first) {
    throw new AppError(
      "CONFLICT",
      `A ${chosen} release moves traffic through a load balancer, and no running service of this version is bound to one (aliyun.lb.port_* or aliyun.routing.port_*): deploy this version as usual`,
    );
  }
  const fromColour = colourOf(first.from);
  const parallelism = Math.max(
    1,
    ...compiled.services
      .filter((s) => services.some((p) => p.name === s.name))
      .map((s) => (s.extensions.rollingUpdates?.enabled ? s.extensions.rollingUpdates.parallelism : 1)),
  );
  return { strategy: chosen, fromColour, toColour: other(fromColour), services, canary: chosen === "canary" ? canary : null, parallelism };
}
