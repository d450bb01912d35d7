/**
 * A tenant for contract tests: an organisation with one person per role, one API token per role and
 * a pending invitation, all created through the public API.
 */
import { expect } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { call, sessionFrom } from "./client";

export type Person = { email: string; userId: string; memberId: string; cookie: string };

export type Tenant = {
  label: string;
  orgId: string;
  slug: string;
  people: Record<Role, Person>;
  tokens: Record<Role, { id: string; secret: string }>;
  pendingInvitation: { id: string; token: string; email: string };
};

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@example.test`;
export const PASSWORD = "integration-password-1";

type MeBody = { user: { id: string }; activeOrganizationId: string; memberships: Array<{ organizationId: string; organizationSlug: string }> };

export async function signUp(email: string, extra: Record<string, unknown> = {}) {
  const res = await call<MeBody>("POST", "/api/v1/auth/sign-up", { body: { email, name: email.split("@")[0], password: PASSWORD, ...extra } });
  expect(res.status, res.text).toBe(201);
  return { cookie: sessionFrom(res), me: res.json };
}

export async function createTenant(label: string): Promise<Tenant> {
  const ownerEmail = uniqueEmail(`${label}-owner`);
  const owner = await signUp(ownerEmail, { organizationName: `Org ${label}` });
  const orgId = owner.me.activeOrganizationId;
  const people: Partial<Record<Role, Omit<Person, "memberId">>> = { OWNER: { email: ownerEmail, userId: owner.me.user.id, cookie: owner.cookie } };
  for (const role of ["ADMIN", "DEVELOPER", "VIEWER"] as const) {
    const email = uniqueEmail(`${label}-${role.toLowerCase()}`);
    const inv = await call<{ token: string }>("POST", "/api/v1/invitations", { cookie: owner.cookie, body: { email, role } });
    expect(inv.status, inv.text).toBe(201);
    const person = await signUp(email, { invitationToken: inv.json.token });
    people[role] = { email, userId: person.me.user.id, cookie: person.cookie };
  }
  const members = await call<{ items: Array<{ id: string; userId: string }> }>("GET", "/api/v1/members", { cookie: owner.cookie });
  const withIds = Object.fromEntries(
    Object.entries(people).map(([role, p]) => [role, { ...p, memberId: members.json.items.find((m) => m.userId === p.userId)?.id ?? "" }]),
  ) as Record<Role, Person>;
  const tokens = {} as Tenant["tokens"];
  for (const role of ["OWNER", "ADMIN", "DEVELOPER", "VIEWER"] as const) {
    const t = await call<{ id: string; token: string }>("POST", "/api/v1/tokens", { cookie: owner.cookie, body: { name: `${label}-${role}`, role } });
    expect(t.status, t.text).toBe(201);
    tokens[role] = { id: t.json.id, secret: t.json.token };
  }
  const pendingEmail = uniqueEmail(`${label}-pending`);
  const pending = await call<{ id: string; token: string }>("POST", "/api/v1/invitations", { cookie: owner.cookie, body: { email: pendingEmail, role: "DEVELOPER" } });
  expect(pending.status, pending.text).toBe(201);
  const slug = owner.me.memberships.find((m) => m.organizationId === orgId)?.organizationSlug ?? "";
  return { label, orgId, slug, people: withIds, tokens, pendingInvitation: { id: pending.json.id, token: pending.json.token, email: pendingEmail } };
}

/** Every id and secret of a tenant: none may show up in another tenant's responses. */
export function tenantSecrets(t: Tenant): string[] {
  return [
    t.orgId,
    ...Object.values(t.people).flatMap((p) => [p.userId, p.memberId, p.email]),
    ...Object.values(t.tokens).flatMap((tok) => [tok.id, tok.secret]),
    t.pendingInvitation.id,
    t.pendingInvitation.email,
  ];
}
