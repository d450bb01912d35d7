/** One key factory, so a mutation invalidates exactly what it changes. */
export const keys = {
  me: () => ["me"] as const,
  organization: () => ["organization"] as const,
  members: () => ["members"] as const,
  invitations: () => ["invitations"] as const,
  tokens: () => ["tokens"] as const,
  audit: (action?: string) => ["audit", action ?? ""] as const,
};
