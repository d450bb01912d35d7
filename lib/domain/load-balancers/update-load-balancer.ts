import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, Prisma } from "@/lib/db";
import { LB_DRIVER_SPECS } from "@/lib/drivers/lb/settings";
import type { LbDriverKind } from "@/lib/drivers/lb/types";
import { AppError, notFound } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { UpdateLoadBalancerInput } from "@/lib/schemas/load-balancers";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { describeUsers, usersOfLoadBalancer } from "./lb-bindings";
import { parseLbCredentials, parseLbSettings } from "./lb-config";
import { decryptCredentials, lbDriverKind, settingsObject } from "../traffic/lb-handle";
import { lbSelect, lbView } from "./lb-view";
import { lockCluster } from "./lock-cluster";
import { assertRoutingAllowed } from "./routing-rules";

type Tx = Prisma.TransactionClient;

/**
 * New credentials: the given fields over the stored ones (so one secret can be rotated alone);
 * nothing given keeps them. Stored credentials are only ever sent to the API endpoint they were
 * entered for: moving them to another endpoint needs every secret again.
 */
function nextCredentials(
  kind: LbDriverKind,
  stored: string | null,
  given: Record<string, string> | undefined,
  endpointMoved: boolean,
): string | null | undefined {
  const typed = Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== ""));
  const secrets = LB_DRIVER_SPECS[kind].credentials.filter((f) => f.secret && !f.optional).map((f) => f.name);
  if (endpointMoved && stored && secrets.some((s) => !typed[s])) {
    throw new AppError(
      "INVALID_INPUT",
      "Enter the credentials again to use them with the new API endpoint: stored credentials are only sent to the endpoint they were entered for",
      secrets
        .filter((s) => !typed[s])
        .map((s) => ({ path: `body.credentials.${s}`, message: "is required when the API endpoint changes" })),
    );
  }
  if (Object.keys(typed).length === 0) return undefined;
  const merged = parseLbCredentials(kind, { ...(decryptCredentials(stored) ?? {}), ...typed });
  return merged ? encryptSecret(JSON.stringify(merged)) : null;
}

async function assertStillUnbound(tx: Tx, o: { orgId: string; clusterId: string; names: string[]; routing: boolean; what: string }) {
  if (!o.names.length && !o.routing) return;
  const users = await usersOfLoadBalancer({ db: tx, orgId: o.orgId, clusterId: o.clusterId, names: o.names, routing: o.routing });
  if (users.length)
    throw new AppError("CONFLICT", `${o.what} would cut the traffic of ${describeUsers(users)}; change those labels first`, { users });
}

/** Edits a load balancer; the driver stays. Bindings that name it keep working or the edit is refused (409). */
export async function updateLoadBalancer({
  ctx,
  loadBalancerId,
  input,
  log,
}: {
  ctx: OrgContext;
  loadBalancerId: string;
  input: UpdateLoadBalancerInput;
  log?: Logger;
}) {
  const { updated, clusterId } = await prisma.$transaction(async (tx) => {
    const existing = await tx.loadBalancer.findFirst({
      where: { id: loadBalancerId, orgId: ctx.orgId },
      select: { id: true, clusterId: true, name: true, driver: true, settings: true, credentialsEnc: true, routing: true },
    });
    if (!existing) throw notFound("Load balancer");
    await lockCluster(tx, ctx.orgId, existing.clusterId);
    const kind = lbDriverKind(existing.driver);
    const settings = input.settings !== undefined ? parseLbSettings(kind, input.settings) : undefined;
    const endpointMoved = settings !== undefined && (settings.endpoint ?? null) !== (settingsObject(existing.settings).endpoint ?? null);
    const credentialsEnc = nextCredentials(kind, existing.credentialsEnc, input.credentials, endpointMoved);
    const renamed = input.name !== undefined && input.name !== existing.name;
    if (renamed) {
      const taken = await tx.loadBalancer.findFirst({
        where: { clusterId: existing.clusterId, name: input.name, id: { not: existing.id } },
        select: { id: true },
      });
      if (taken) throw new AppError("CONFLICT", `This cluster already has a load balancer named ${input.name}`);
    }
    const routingOff = input.routing === false && existing.routing;
    await assertStillUnbound(tx, {
      orgId: ctx.orgId,
      clusterId: existing.clusterId,
      names: renamed ? [existing.name] : [],
      routing: routingOff,
      what:
        renamed && routingOff
          ? `Renaming ${existing.name} and turning routing off`
          : renamed
            ? `Renaming ${existing.name}`
            : `Turning routing off on ${existing.name}`,
    });
    if (input.routing === true && !existing.routing)
      await assertRoutingAllowed(tx, { clusterId: existing.clusterId, kind, exceptId: existing.id });
    const row = await tx.loadBalancer.update({
      where: { id: existing.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(settings !== undefined ? { settings: settings as Prisma.InputJsonValue } : {}),
        ...(credentialsEnc !== undefined ? { credentialsEnc } : {}),
        ...(input.routing !== undefined ? { routing: input.routing } : {}),
      },
      select: lbSelect,
    });
    await markTrafficChanged(existing.clusterId, tx);
    const { credentials: _secret, ...recorded } = input;
    const changed = Object.keys(input).map((k) => (k === "credentials" ? "credentials (not recorded)" : k));
    await auditChange(tx, ctx, "load-balancer.update", row.id, {
      name: row.name,
      changed,
      ...recorded,
      ...(settings ? { settings: settings as Prisma.InputJsonValue } : {}),
    });
    return { updated: row, clusterId: existing.clusterId };
  });
  await enqueueTrafficSync(clusterId, log);
  return lbView(updated);
}
