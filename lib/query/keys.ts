/** One key factory, so a mutation invalidates exactly what it changes. */
export const keys = {
  me: () => ["me"] as const,
  organization: () => ["organization"] as const,
  members: () => ["members"] as const,
  invitations: () => ["invitations"] as const,
  tokens: () => ["tokens"] as const,
  audit: (action?: string) => ["audit", action ?? ""] as const,
  clusters: () => ["clusters"] as const,
  cluster: (id: string) => ["clusters", id] as const,
  joinTokens: (clusterId: string) => ["clusters", clusterId, "join-tokens"] as const,
  nodes: (clusterId: string) => ["clusters", clusterId, "nodes"] as const,
  node: (id: string) => ["nodes", id] as const,
  nodeCommands: (id: string) => ["nodes", id, "commands"] as const,
};
