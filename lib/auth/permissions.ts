/**
 * Roles and what they may do. Browser-safe (no server imports) so the console can hide buttons the
 * API would refuse; the API enforces the same table.
 */
export const ROLES = ["OWNER", "ADMIN", "DEVELOPER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, DEVELOPER: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Minimum role per permission. Every mutation needs at least DEVELOPER, so viewers are read-only. */
export const PERMISSIONS = {
  "org.read": "VIEWER",
  "org.update": "ADMIN",
  "members.read": "VIEWER",
  "members.manage": "ADMIN",
  "tokens.read": "ADMIN",
  "tokens.manage": "ADMIN",
  "audit.read": "ADMIN",
  "quotas.read": "ADMIN",
  "clusters.read": "VIEWER",
  "clusters.manage": "ADMIN",
  /** Relaxing what workloads may do on a cluster's machines is root on them: owners only (finding 1). */
  "clusters.policy": "OWNER",
  "nodes.manage": "ADMIN",
  /** Node command history: what was sent to machines (redacted) is for admins (finding 5a). */
  "nodes.commands.read": "ADMIN",
  "apps.read": "VIEWER",
  "apps.manage": "DEVELOPER",
  "registry.read": "VIEWER",
  "registry.push": "DEVELOPER",
  "registry.manage": "ADMIN",
  /** Alert rules, their firing history and silences. */
  "alerts.read": "VIEWER",
  "alerts.manage": "DEVELOPER",
  /** Notification channels hold webhook URLs and signing secrets, and send mail in the organisation's name. */
  "channels.read": "VIEWER",
  "channels.manage": "ADMIN",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

/** A member may hand out at most their own role (only owners make owners). */
export function canGrant(granter: Role, role: Role): boolean {
  return roleAtLeast(granter, role);
}
