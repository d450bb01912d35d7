/**
 * service.apply (manager only): make the service named spec.Name exactly this spec. Creates it
 * when missing; otherwise updates it on the current version (retrying "update out of sequence"),
 * and writes nothing when the swarm already holds an equivalent spec — a repeat is a no-op.
 *
 * - No Docker Hub: the spec's image goes to the engine as given, never resolved to a digest
 *   (services-api.ts explains why the Engine API does not resolve it either).
 * - forceUpdate bumps TaskTemplate.ForceUpdate, which restarts every task. Otherwise the current
 *   counter is kept: a counter that changed (even back to 0) would restart every task too.
 * - pullLatest asks the registry that holds the image for the digest its tag points to now and
 *   pins the image to it ("host/app:1@sha256:…"), so every task runs that digest. Images without a
 *   registry host would be looked up on Docker Hub: those are left alone, with a warning. A later
 *   apply of the same tag keeps the pin, so an unrelated change does not roll out a newer image.
 * - registryAuth goes only into the X-Registry-Auth header, never into a log or a message.
 * - The workload policy is enforced first (enforce-workload-policy.ts): a refused spec changes
 *   nothing on the engine.
 */
import type { ServiceSpec } from "@/lib/protocol/service-spec";
import { isDockerError } from "../docker/docker-error";
import type { SwarmService } from "../docker/app-schemas";
import type { RegistryAuth, ServiceSpecBody } from "../docker/services-api";
import { sleep } from "../util/sleep";
import { CommandError } from "./command-error";
import { enforceServicePolicy } from "./enforce-workload-policy";
import { findService } from "./find-by-name";
import { isDockerHubImage, parseImageReference, withoutDigest } from "./image-reference";
import { viewSpec } from "./service-spec-view";
import { equivalentAt, equivalentSpecs } from "@/lib/protocol/spec-equivalence";
import { fillObjectIds, withNetworkIds } from "./spec-references";
import { isOutOfSequence } from "./swarm-helpers";
import type { CommandContext, CommandHandler, ParsedPayload } from "./types";

const MAX_ATTEMPTS = 5;

export const serviceApply: CommandHandler<"service.apply"> = async (payload, context) => {
  const { docker, signal, log } = context;
  // From here on the spec is the one the strict schema parsed, not the unchecked payload record.
  const base = await enforceServicePolicy(payload.spec, payload.policy, context);
  const { registryAuth, forceUpdate } = payload;
  const name = base.Name;
  const warnings: string[] = [];
  await fillObjectIds(base, context);
  const pinnedImage = payload.pullLatest
    ? await latestDigestImage(base.TaskTemplate.ContainerSpec.Image, registryAuth, context, warnings)
    : null;
  const fields = { service: name, forceUpdate, pullLatest: payload.pullLatest, withRegistryAuth: registryAuth !== undefined };

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await findService(context, name);
    if (!current) {
      const spec = pinnedImage ? withImage(base, pinnedImage) : base;
      let created;
      try {
        created = await docker.createService({ spec, registryAuth, signal });
      } catch (error) {
        // created concurrently (or by an earlier delivery of this command): update that one
        if (attempt < MAX_ATTEMPTS && isDockerError(error, 409)) continue;
        throw error;
      }
      const version = (await docker.inspectService({ id: created.id, signal }))?.Version.Index ?? 0;
      log.info("service created", { ...fields, id: created.id, image: spec.TaskTemplate.ContainerSpec.Image });
      return { id: created.id, version, created: true, updated: false, warnings: [...warnings, ...created.warnings] };
    }

    const desired = desiredUpdate(base, current, payload, pinnedImage);
    const comparable = await withNetworkIds(desired, context);
    if (!forceUpdate && equivalentSpecs(comparable, current.Spec)) {
      return { id: current.ID, version: current.Version.Index, created: false, updated: false, warnings };
    }
    let answer;
    try {
      const spec = keepingUnchanged(desired, comparable, current.Spec);
      answer = await docker.updateService({ id: current.ID, version: current.Version.Index, spec, registryAuth, signal });
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isOutOfSequence(error)) {
        log.debug("service update raced with another change; retrying", { service: name, attempt });
        await sleep(50 * attempt, signal);
        continue;
      }
      throw error;
    }
    const version = (await docker.inspectService({ id: current.ID, signal }))?.Version.Index ?? current.Version.Index;
    log.info("service updated", { ...fields, id: current.ID, image: desired.TaskTemplate.ContainerSpec.Image, version });
    return { id: current.ID, version, created: false, updated: true, warnings: [...warnings, ...answer.warnings] };
  }
  throw new CommandError("CONFLICT", `service ${name} kept changing; gave up after ${MAX_ATTEMPTS} attempts`);
};

/** The spec to send on update: force-update counter carried over (or bumped) and the image pin kept or replaced. */
function desiredUpdate(
  base: ServiceSpec,
  current: SwarmService,
  payload: ParsedPayload<"service.apply">,
  pinnedImage: string | null,
): ServiceSpec {
  const currentView = viewSpec(current.Spec);
  let spec = structuredClone(base);
  const image = spec.TaskTemplate.ContainerSpec.Image;
  if (pinnedImage) spec = withImage(spec, pinnedImage);
  else if (image && !image.includes("@") && withoutDigest(currentView.image) === image && currentView.image !== image)
    spec = withImage(spec, currentView.image);
  spec.TaskTemplate.ForceUpdate = currentView.forceUpdate + (payload.forceUpdate ? 1 : 0);
  return spec;
}

/**
 * The spec to send, with the task template and endpoint the swarm holds now wherever the desired
 * ones are equivalent. The swarm restarts every task when the task template it stores differs from
 * the one sent after conversion, and a spec written by other hands (the docker CLI's `Init: false`,
 * an empty DNSConfig) converts differently from ours though it means the same: scaling an adopted
 * service, or labelling it, must not restart it.
 */
function keepingUnchanged(desired: ServiceSpec, comparable: Record<string, unknown>, current: Record<string, unknown>): ServiceSpecBody {
  const body: ServiceSpecBody = { ...desired };
  for (const key of ["TaskTemplate", "EndpointSpec"] as const) {
    if (current[key] !== undefined && equivalentAt(comparable[key], current[key], key)) body[key] = current[key];
  }
  return body;
}

function withImage(spec: ServiceSpec, image: string): ServiceSpec {
  const copy = structuredClone(spec);
  copy.TaskTemplate.ContainerSpec.Image = image;
  return copy;
}

/** "host/app:tag" → "host/app:tag@sha256:…" as the registry answers now; Hub images are left as they are. */
async function latestDigestImage(
  image: string,
  registryAuth: RegistryAuth | undefined,
  context: CommandContext,
  warnings: string[],
): Promise<string | null> {
  if (!image) return null;
  if (isDockerHubImage(image)) {
    warnings.push(
      `pullLatest: ${image} names no registry (it would be looked up on Docker Hub), so it was not re-resolved; local images stay as they are`,
    );
    return null;
  }
  const reference = parseImageReference(image);
  if (reference.digest && !reference.tag) {
    warnings.push(`pullLatest: ${image} is pinned to a digest without a tag; there is nothing to re-resolve`);
    return null;
  }
  const tagged = `${reference.name}:${reference.tag ?? "latest"}`;
  try {
    const digest = await context.docker.resolveImageDigest({ image: tagged, registryAuth, signal: context.signal });
    return `${tagged}@${digest}`;
  } catch (error) {
    if (isDockerError(error) && error.statusCode === null) throw error;
    const detail = isDockerError(error) ? error.detail : error instanceof Error ? error.message : String(error);
    throw new CommandError(
      "REGISTRY_ERROR",
      `cannot ask ${reference.registry ?? "the registry"} for the current digest of ${tagged}: ${detail}`,
      { cause: error },
    );
  }
}
