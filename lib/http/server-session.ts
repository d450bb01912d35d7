/** Session lookup for server components (pages and layouts), from the request's cookies. */
import { cookies } from "next/headers";
import { getMe } from "@/lib/domain/auth/get-me";
import { resolveSession } from "@/lib/domain/auth/resolve-session";
import { SESSION_COOKIE } from "./cookies";

export async function currentMe() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = token ? await resolveSession({ token }) : null;
  if (!session) return null;
  return getMe({ userId: session.userId, sessionId: session.sessionId, activeOrgId: session.activeOrgId });
}
