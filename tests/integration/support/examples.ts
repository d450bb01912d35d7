/**
 * A valid request for every API endpoint, built from a tenant's ids. Contract tests use these to
 * reach each handler (so a 404 or 403 comes from the tenancy and role checks, not from bad input).
 * A new endpoint without an example fails the coverage test.
 */
import type { Tenant } from "./tenants";
import { uniqueEmail } from "./tenants";

export type Example = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

export const EXAMPLES: Record<string, (t: Tenant) => Example> = {
  "auth.signUp": () => ({ body: { email: uniqueEmail("example"), name: "Example", password: "example-password-1" } }),
  "auth.signIn": (t) => ({ body: { email: t.people.OWNER.email, password: "integration-password-1" } }),
  "auth.signOut": () => ({}),
  "me.get": () => ({}),
  "me.switchOrganization": (t) => ({ body: { organizationId: t.orgId } }),
  "organizations.create": () => ({ body: { name: "Another organisation" } }),
  "organization.get": () => ({}),
  "organization.update": () => ({ body: { name: "Renamed organisation" } }),
  "members.list": () => ({ query: { limit: "50" } }),
  "members.update": (t) => ({ params: { memberId: t.people.DEVELOPER.memberId }, body: { role: "VIEWER" } }),
  "members.remove": (t) => ({ params: { memberId: t.people.DEVELOPER.memberId } }),
  "invitations.list": () => ({}),
  "invitations.create": () => ({ body: { email: uniqueEmail("invitee"), role: "DEVELOPER" } }),
  "invitations.revoke": (t) => ({ params: { invitationId: t.pendingInvitation.id } }),
  "invitations.preview": (t) => ({ query: { token: t.pendingInvitation.token } }),
  "invitations.accept": (t) => ({ body: { token: t.pendingInvitation.token } }),
  "tokens.list": () => ({}),
  "tokens.create": () => ({ body: { name: "example", role: "VIEWER" } }),
  "tokens.revoke": (t) => ({ params: { tokenId: t.tokens.DEVELOPER.id } }),
  "audit.list": () => ({ query: { limit: "10" } }),
  "clusters.list": () => ({}),
  "clusters.create": () => ({ body: { name: `c-${Date.now().toString(36)}`, description: "example" } }),
  "clusters.get": (t) => ({ params: { clusterId: t.cluster.id } }),
  "clusters.update": (t) => ({ params: { clusterId: t.cluster.id }, body: { description: "updated" } }),
  "clusters.delete": (t) => ({ params: { clusterId: t.cluster.id } }),
  "joinTokens.list": (t) => ({ params: { clusterId: t.cluster.id } }),
  "joinTokens.create": (t) => ({ params: { clusterId: t.cluster.id }, body: { role: "WORKER", expiresInHours: 2 } }),
  "joinTokens.revoke": (t) => ({ params: { clusterId: t.cluster.id, joinTokenId: t.joinToken.id } }),
  "joinTokens.rotate": (t) => ({ params: { clusterId: t.cluster.id, joinTokenId: t.joinToken.id } }),
  "nodes.list": (t) => ({ params: { clusterId: t.cluster.id } }),
  "nodes.get": (t) => ({ params: { nodeId: t.node.id } }),
  "nodes.update": (t) => ({ params: { nodeId: t.node.id }, body: { labels: { zone: "a" }, availability: "DRAIN" } }),
  "nodes.remove": (t) => ({ params: { nodeId: t.node.id } }),
  "nodes.revokeCredential": (t) => ({ params: { nodeId: t.node.id } }),
  "nodes.commands": (t) => ({ params: { nodeId: t.node.id } }),
};

export function pathFor(pathTemplate: string, example: Example): string {
  const path = pathTemplate.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = example.params?.[name];
    if (!value) throw new Error(`example lacks path param ${name} for ${pathTemplate}`);
    return encodeURIComponent(value);
  });
  const query = example.query ? `?${new URLSearchParams(example.query)}` : "";
  return `/api/v1${path}${query}`;
}
