/**
 * Turns a request's credentials into a context: a bearer API token (org-scoped, no cookies, so no
 * CSRF concern) or the session cookie (checked for cross-site origin on mutations).
 */
import type { OrgContext, UserContext } from "@/lib/auth/context";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolveApiToken } from "@/lib/domain/auth/resolve-api-token";
import { resolveMembership } from "@/lib/domain/auth/resolve-membership";
import { resolveSession } from "@/lib/domain/auth/resolve-session";
import { AppError } from "@/lib/errors";
import { readCookie, SESSION_COOKIE } from "./cookies";
import type { RequestInfo } from "./request-info";

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Malformed Authorization header; expected `Bearer <token>`");
  return match[1];
}

/**
 * Cookie-authenticated mutations must come from our own pages. SameSite=Lax already blocks most
 * cross-site requests; this also refuses same-site-but-cross-origin ones and old browsers.
 */
export function assertSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  if (req.headers.get("sec-fetch-site") === "cross-site") throw csrf();
  const origin = req.headers.get("origin");
  if (!origin) return; // non-browser clients send no Origin and carry no ambient credentials
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw csrf();
  }
  if (!host || originHost !== host) throw csrf();
}

const csrf = () => new AppError("FORBIDDEN", "Cross-site request refused (Origin does not match this console)");

export async function authenticateUser(req: Request, info: RequestInfo): Promise<UserContext> {
  if (req.headers.get("authorization")) {
    throw new AppError("FORBIDDEN", "This endpoint needs a signed-in person; API tokens cannot use it");
  }
  const token = readCookie(req, SESSION_COOKIE);
  const session = token ? await resolveSession({ token }) : null;
  if (!session) throw new AppError("UNAUTHENTICATED", "Sign in to continue");
  assertSameOrigin(req);
  return {
    ...info,
    ...session,
    actor: { type: "USER", id: session.userId, label: session.email, ip: info.ip, userAgent: info.userAgent },
  };
}

export async function authenticateOrg(req: Request, info: RequestInfo, permission: Permission): Promise<OrgContext> {
  const ctx = await resolveOrgContext(req, info);
  if (!can(ctx.role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${ctx.role.toLowerCase()}) is not allowed to do this`, { permission });
  }
  return ctx;
}

async function resolveOrgContext(req: Request, info: RequestInfo): Promise<OrgContext> {
  const bearer = bearerToken(req);
  if (bearer) {
    const token = await resolveApiToken({ token: bearer });
    if (!token) throw new AppError("UNAUTHENTICATED", "The API token is invalid, expired or revoked");
    return {
      ...info,
      orgId: token.orgId,
      role: token.role,
      userId: null,
      tokenId: token.tokenId,
      actor: { type: "API_TOKEN", id: token.tokenId, label: `token:${token.name}`, ip: info.ip, userAgent: info.userAgent },
    };
  }
  const user = await authenticateUser(req, info);
  if (!user.activeOrgId) throw new AppError("FORBIDDEN", "Create an organisation or accept an invitation first");
  const role = await resolveMembership({ userId: user.userId, orgId: user.activeOrgId });
  if (!role) throw new AppError("FORBIDDEN", "You are no longer a member of this organisation; switch to another one");
  return { ...info, orgId: user.activeOrgId, role, userId: user.userId, tokenId: null, actor: user.actor };
}
