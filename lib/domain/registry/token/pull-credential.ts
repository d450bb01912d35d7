/**
 * Pull credentials for agents: a password the token endpoint accepts for one repository, pull
 * only, until it expires. It is an HS256 JWT under a key derived from SECRETS_KEY, prefixed
 * "wharf_pull_" so it is recognisable; nothing is stored.
 */
import { jwtVerify, SignJWT } from "jose";
import { pullCredentialKey, registrySettings } from "@/lib/drivers/registry/settings";

export const PULL_CREDENTIAL_PREFIX = "wharf_pull_";
export const PULL_USERNAME = "wharf-pull";
const AUDIENCE = "wharf-registry-pull";

export async function createPullCredential({ orgId, repository }: { orgId: string; repository: string }): Promise<string> {
  const ttl = registrySettings().pullCredentialTtlSeconds;
  const jwt = await new SignJWT({ repo: repository })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(orgId)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(pullCredentialKey());
  return `${PULL_CREDENTIAL_PREFIX}${jwt}`;
}

export async function verifyPullCredential(password: string): Promise<{ orgId: string; repository: string } | null> {
  if (!password.startsWith(PULL_CREDENTIAL_PREFIX)) return null;
  try {
    const { payload } = await jwtVerify(password.slice(PULL_CREDENTIAL_PREFIX.length), pullCredentialKey(), {
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (typeof payload.sub !== "string" || typeof payload.repo !== "string") return null;
    return { orgId: payload.sub, repository: payload.repo };
  } catch {
    return null;
  }
}
