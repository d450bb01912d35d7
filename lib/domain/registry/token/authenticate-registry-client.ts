/**
 * Who is asking the token endpoint, from the Basic credentials `docker login` sends:
 *  - any username with an API token as the password (wharf_pat_…): that token, its organisation and role;
 *  - a pull credential from registryAuthFor (wharf_pull_…): one repository, pull only;
 *  - otherwise the username is an e-mail and the password the account's password: that person,
 *    with their role in whichever organisation owns the namespace. Throttled like sign-in.
 */
import type { Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { assertEmailVerified } from "../../auth/assert-email-verified";
import { resolveApiToken } from "../../auth/resolve-api-token";
import { signInThrottledError, verifyPasswordThrottled } from "../../auth/verify-password-throttled";
import { verifyPullCredential } from "./pull-credential";

export type RegistryIdentity =
  | { kind: "user"; subject: string; userId: string }
  | { kind: "token"; subject: string; tokenId: string; orgId: string; role: Role }
  | { kind: "pull"; subject: string; orgId: string; repository: string };

/** Subjects in registry tokens, also seen as the actor of registry notifications. */
export const subjectFor = {
  user: (userId: string) => `user:${userId}`,
  token: (tokenId: string) => `token:${tokenId}`,
  pull: (orgId: string) => `pull:${orgId}`,
};

async function passwordIdentity(username: string, password: string, ip: string | null): Promise<RegistryIdentity | null> {
  const email = username.trim().toLowerCase();
  if (!email.includes("@") || email.length > 254 || password.length > 256) return null;
  // Same counter as the sign-in form: the token endpoint must not be a way around its throttle.
  const check = await verifyPasswordThrottled({ email, password, ip });
  if (!check.ok && check.reason === "throttled") throw signInThrottledError(check);
  if (!check.ok) return null;
  await assertEmailVerified({ userId: check.user.id }).catch((err: unknown) => {
    // Docker shows "denied: <message>"; the /api/v1 code has no Docker equivalent.
    throw err instanceof AppError && err.code === "EMAIL_NOT_VERIFIED" ? new AppError("FORBIDDEN", err.message) : err;
  });
  return { kind: "user", subject: subjectFor.user(check.user.id), userId: check.user.id };
}

/** `ip`: the client's address (request-info.ts), for the sign-in throttle. */
export async function authenticateRegistryClient({
  username,
  password,
  ip = null,
}: {
  username: string;
  password: string;
  ip?: string | null;
}): Promise<RegistryIdentity | null> {
  if (!password) return null;
  if (password.startsWith("wharf_pat_")) {
    const token = await resolveApiToken({ token: password });
    return token
      ? { kind: "token", subject: subjectFor.token(token.tokenId), tokenId: token.tokenId, orgId: token.orgId, role: token.role }
      : null;
  }
  const pull = await verifyPullCredential(password);
  if (pull) return { kind: "pull", subject: subjectFor.pull(pull.orgId), ...pull };
  if (password.startsWith("wharf_")) return null; // another kind of Wharf secret, or a broken one
  return passwordIdentity(username, password, ip);
}

/** Parses `Authorization: Basic base64(user:password)`; null when absent or malformed. */
export function parseBasicAuth(header: string | null): { username: string; password: string } | null {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
