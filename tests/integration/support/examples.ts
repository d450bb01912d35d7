/**
 * A valid request for every API endpoint, built from a tenant's ids. Contract tests use these to
 * reach each handler (so a 404 or 403 comes from the tenancy and role checks, not from bad input).
 * A new endpoint without an example fails the coverage test.
 */
import type { Tenant } from "./tenants";
import { SIMPLE_COMPOSE, uniqueEmail } from "./tenants";

export type Example = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

export const EXAMPLES: Record<string, (t: Tenant) => Example> = {
  "auth.signUp": () => ({ body: { email: uniqueEmail("example"), name: "Example", password: "example-password-1" } }),
  "auth.signIn": (t) => ({ body: { email: t.people.OWNER.email, password: "integration-password-1" } }),
  "auth.signOut": () => ({}),
  "auth.verifyEmail": () => ({ body: { token: "wharf_verify_not-a-real-token-0000000000" } }),
  "auth.resendVerification": (t) => ({ body: { email: t.people.OWNER.email, password: "integration-password-1" } }),
  "me.get": () => ({}),
  "me.switchOrganization": (t) => ({ body: { organizationId: t.orgId } }),
  "organizations.create": () => ({ body: { name: "Another organisation" } }),
  "organization.get": () => ({}),
  "organization.update": () => ({ body: { name: "Renamed organisation" } }),
  "organization.quotas": () => ({}),
  "installation.get": () => ({}),
  "installation.organizations.list": () => ({ query: { limit: "50" } }),
  "installation.organizations.updateQuotas": (t) => ({ params: { organizationId: t.orgId }, body: { clusters: 40, registryBytes: null } }),
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
  "clusters.updateWorkloadPolicy": (t) => ({ params: { clusterId: t.cluster.id }, body: { privilegedPorts: true, bindMountPaths: ["/srv/data"] } }),
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
  "nodes.rejoinRequests": (t) => ({ params: { clusterId: t.cluster.id } }),
  "nodes.allowRejoin": (t) => ({ params: { nodeId: t.node.id } }),
  "applications.list": () => ({}),
  "applications.preview": (t) => ({ body: { name: "preview-app", clusterId: t.cluster.id, compose: SIMPLE_COMPOSE } }),
  "applications.create": (t) => ({ body: { name: `new-${Date.now().toString(36)}`, clusterId: t.cluster.id, compose: SIMPLE_COMPOSE } }),
  "applications.get": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.delete": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.previewVersion": (t) => ({ params: { applicationId: t.app.id }, body: { compose: SIMPLE_COMPOSE.replace("replicas: 2", "replicas: 3") } }),
  "applications.createVersion": (t) => ({ params: { applicationId: t.app.id }, body: { compose: SIMPLE_COMPOSE.replace("replicas: 2", "replicas: 3"), message: "more" } }),
  "applications.versions": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.version": (t) => ({ params: { applicationId: t.app.id, versionId: t.app.versionId } }),
  "applications.diff": (t) => ({ params: { applicationId: t.app.id }, query: { from: t.app.versionId, to: t.app.versionId } }),
  "applications.rollback": (t) => ({ params: { applicationId: t.app.id }, body: { versionId: t.app.versionId } }),
  "applications.action": (t) => ({ params: { applicationId: t.app.id }, body: { action: "restart" } }),
  "applications.scale": (t) => ({ params: { applicationId: t.app.id, serviceId: t.app.serviceId }, body: { replicas: 3 } }),
  "applications.updateService": (t) => ({ params: { applicationId: t.app.id, serviceId: t.app.serviceId }, body: { latestImage: true } }),
  "applications.status": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.events": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.deployments": (t) => ({ params: { applicationId: t.app.id } }),
  "applications.logs": (t) => ({ params: { applicationId: t.app.id, serviceId: t.app.serviceId }, query: { tail: "10", follow: "false" } }),
  "registry.overview": () => ({}),
  "registry.repositories.list": () => ({}),
  "registry.repositories.get": (t) => ({ params: { repositoryId: t.registry.repositoryId } }),
  "registry.tags.list": (t) => ({ params: { repositoryId: t.registry.repositoryId } }),
  "registry.tags.delete": (t) => ({ params: { repositoryId: t.registry.repositoryId, tag: "v1" } }),
  "registry.events.list": (t) => ({ params: { repositoryId: t.registry.repositoryId } }),
  "registry.gc.request": () => ({}),
  "registry.retention.list": () => ({}),
  "registry.retention.create": () => ({ body: { repository: "*", keepLast: 10, keepDays: 30 } }),
  "registry.retention.update": (t) => ({ params: { ruleId: t.registry.ruleId }, body: { keepLast: 3 } }),
  "registry.retention.delete": (t) => ({ params: { ruleId: t.registry.ruleId } }),
  "registry.retention.preview": () => ({ query: { keepLast: "3" } }),
  "registry.retention.run": () => ({}),
  "registry.webhooks.list": () => ({}),
  "registry.webhooks.create": () => ({ body: { name: "deploys", url: "http://127.0.0.1:9/hook", events: ["image.push"], enabled: false } }),
  "registry.webhooks.update": (t) => ({ params: { webhookId: t.registry.webhookId }, body: { name: "renamed" } }),
  "registry.webhooks.delete": (t) => ({ params: { webhookId: t.registry.webhookId } }),
  "registry.webhooks.deliveries": (t) => ({ params: { webhookId: t.registry.webhookId } }),
  "registry.external.list": () => ({}),
  "registry.external.create": () => ({ body: { name: `ext-${Date.now().toString(36)}`, kind: "GENERIC", host: "127.0.0.1:5391", username: "robot", password: "example-password" } }),
  "registry.external.update": (t) => ({ params: { externalRegistryId: t.registry.externalRegistryId }, body: { username: "robot2" } }),
  "registry.external.delete": (t) => ({ params: { externalRegistryId: t.registry.externalRegistryId } }),
  "registry.external.test": (t) => ({ params: { externalRegistryId: t.registry.externalRegistryId } }),
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
