/**
 * Turns a request's credentials into a context: a bearer API token (org-scoped, no cookies, so no
 * CSRF concern) or the session cookie (checked for cross-site origin on mutations).
 */
import type { OrgContext, UserContext } from "@/lib/auth/context";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolveApiToken } from "@/lib/domain/auth/resolve-api-token";
import { resolveMembership } from "@/lib/domain/auth/resolve-membership";
import { resolveSession } from "@/lib/domain/auth/resolve-session";
import { isOperator } from "@/lib/domain/installation/is-operator";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { readCookie, SESSION_COOKIE } from "./cookies";
import { forwardedView, type RequestInfo } from "./request-info";

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Malformed Authorization header; expected `Bearer <token>`");
  return match[1];
}

/**
 * Cookie-authenticated mutations must come from our own pages. SameSite=Lax already blocks most
 * cross-site requests; this also refuses same-site-but-cross-origin ones and old browsers. Our pages'
 * origin is PUBLIC_URL, or the host this request was addressed to — the Host header, which a browser
 * sets itself, or X-Forwarded-Host only from a trusted proxy (anyone can send that header).
 */
export function assertSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  if (req.headers.get("sec-fetch-site") === "cross-site") throw csrf();
  const origin = req.headers.get("origin");
  if (!origin) return; // non-browser clients send no Origin and carry no ambient credentials
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw csrf();
  }
  if (parsed.origin === new URL(env.PUBLIC_URL).origin) return;
  const { host } = forwardedView(req);
  if (!host || parsed.host !== host) throw csrf();
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

/**
 * Installation-wide endpoints: a signed-in installation operator. API tokens are refused, because a
 * token is scoped to one organisation and the operator role belongs to a person, not to an org.
 */
export async function authenticateOperator(req: Request, info: RequestInfo): Promise<UserContext> {
  if (req.headers.get("authorization")) {
    throw new AppError(
      "FORBIDDEN",
      "API tokens belong to one organisation and cannot run installation-wide actions; an installation operator must be signed in",
    );
  }
  const user = await authenticateUser(req, info);
  if (!(await isOperator({ userId: user.userId }))) {
    throw new AppError(
      "FORBIDDEN",
      "Only an installation operator can do this (the installation's first account, or an address listed in WHARF_OPERATOR_EMAILS)",
    );
  }
  return user;
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
