/**
 * The registry token endpoint's logic (Docker registry token spec): authenticate the client,
 * grant each requested repository scope what the client's role in the owning organisation
 * allows, and sign a short-lived JWT. A scope in another organisation's namespace is granted
 * nothing, exactly like one for a repository that does not exist, so nothing leaks.
 */
import type { Role } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isRepositoryPath, namespaceOf, parseScopes, type AccessEntry, type Scope } from "@/lib/drivers/registry/scopes";
import { registrySettings } from "@/lib/drivers/registry/settings";
import { signRegistryToken } from "@/lib/drivers/registry/token-signer";
import { logger } from "@/lib/logger";
import { assertWithinQuota } from "../../quotas/assert-within-quota";
import { grantedActions } from "./access-policy";
import { authenticateRegistryClient, parseBasicAuth, type RegistryIdentity } from "./authenticate-registry-client";

/** `ip`: the client's address (request-info.ts), for the sign-in throttle of password logins. */
export type IssueRegistryTokenOptions = { authorization: string | null; service: string | null; scopes: string[]; ip?: string | null };

export type IssuedRegistryToken = { token: string; access_token: string; expires_in: number; issued_at: string };

async function roleIn(identity: RegistryIdentity, orgId: string, path: string): Promise<Role | null> {
  if (identity.kind === "token") return identity.orgId === orgId ? identity.role : null;
  if (identity.kind === "pull") return identity.orgId === orgId && identity.repository === path ? "VIEWER" : null;
  const m = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId: identity.userId } }, select: { role: true } });
  return m?.role ?? null;
}

/**
 * Whether the organisation has used up its registry storage quota: then its tokens carry no push.
 * When the registry cannot be measured the push is allowed (the registry is the one failing then).
 */
function overStorageQuota(orgId: string, checks: Map<string, Promise<boolean>>): Promise<boolean> {
  let check = checks.get(orgId);
  if (!check) {
    check = assertWithinQuota({ orgId, kind: "registryBytes" }).then(
      () => false,
      (err: unknown) => {
        if (err instanceof AppError && err.code === "QUOTA_EXCEEDED") return true;
        logger.warn({ err, orgId }, "could not measure registry storage for the quota; allowing the push");
        return false;
      },
    );
    checks.set(orgId, check);
  }
  return check;
}

export async function accessFor(identity: RegistryIdentity, scopes: Scope[]): Promise<AccessEntry[]> {
  const orgs = new Map<string, string | null>();
  const quotaChecks = new Map<string, Promise<boolean>>();
  const out: AccessEntry[] = [];
  for (const scope of scopes) {
    if (scope.type !== "repository" || !isRepositoryPath(scope.name)) continue; // catalog: never for clients
    const ns = namespaceOf(scope.name);
    if (!ns) continue;
    if (!orgs.has(ns)) orgs.set(ns, (await prisma.organization.findUnique({ where: { slug: ns }, select: { id: true } }))?.id ?? null);
    const orgId = orgs.get(ns);
    let actions = orgId ? grantedActions(await roleIn(identity, orgId, scope.name), scope.actions) : [];
    if (orgId && actions.some((a) => a === "push" || a === "*") && (await overStorageQuota(orgId, quotaChecks))) {
      actions = actions.filter((a) => a !== "push" && a !== "*"); // pulls and deletes still work: deleting is how to get back under
    }
    if (actions.length > 0) out.push({ type: "repository", name: scope.name, actions });
  }
  return out;
}

export async function issueRegistryToken({
  authorization,
  service,
  scopes,
  ip = null,
}: IssueRegistryTokenOptions): Promise<IssuedRegistryToken> {
  const settings = registrySettings();
  if (service && service !== settings.service) throw new AppError("INVALID_INPUT", `Unknown registry service "${service.slice(0, 100)}"`);
  const credentials = parseBasicAuth(authorization);
  if (!credentials)
    throw new AppError("UNAUTHENTICATED", "Sign in with `docker login`: your e-mail and password, or any username and an API token");
  const identity = await authenticateRegistryClient({ ...credentials, ip });
  if (!identity) throw new AppError("UNAUTHENTICATED", "Wrong username or password (or the API token is revoked or expired)");
  const access = await accessFor(identity, parseScopes(scopes));
  const signed = await signRegistryToken({ subject: identity.subject, access });
  return { token: signed.token, access_token: signed.token, expires_in: signed.expiresIn, issued_at: signed.issuedAt };
}
