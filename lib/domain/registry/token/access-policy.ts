/**
 * Who may do what in the hosted registry, by role in the organisation that owns the namespace:
 * everyone pulls, developers and up push, admins and owners delete. Outsiders get nothing, and
 * the catalog (which lists every organisation's repositories) is never granted to clients.
 * Pure, so the rules are unit-tested on their own.
 */
import type { Role } from "@/lib/auth/permissions";

const ROLE_ACTIONS: Record<Role, readonly string[]> = {
  OWNER: ["pull", "push", "delete", "*"],
  ADMIN: ["pull", "push", "delete", "*"],
  DEVELOPER: ["pull", "push"],
  VIEWER: ["pull"],
};

/** The requested actions a role gets on a repository of its organisation (null: not a member). */
export function grantedActions(role: Role | null, requested: readonly string[]): string[] {
  if (!role) return [];
  const allowed = ROLE_ACTIONS[role];
  return requested.filter((a) => allowed.includes(a));
}
