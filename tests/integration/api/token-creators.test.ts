/**
 * Issue 9, finding 5b: an API token acts for the person who created it. It used to keep working
 * after that person was removed from the organisation, and kept its role after they were demoted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { resolveApiToken } from "@/lib/domain/auth/resolve-api-token";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { signUp, uniqueEmail } from "../../support/integration/tenants";

type Person = { userId: string; memberId: string; cookie: string };
type Token = { id: string; secret: string };

let orgId = "";
let owner: Person;

async function invite(role: Role): Promise<Person> {
  const email = uniqueEmail(`5b-${role.toLowerCase()}`);
  const inv = await call<{ token: string }>("POST", "/api/v1/invitations", { cookie: owner.cookie, body: { email, role } });
  expect(inv.status, inv.text).toBe(201);
  const person = await signUp(email, { invitationToken: inv.json.token });
  const members = await call<{ items: Array<{ id: string; userId: string }> }>("GET", "/api/v1/members?limit=200", {
    cookie: owner.cookie,
  });
  return {
    userId: person.me.user.id,
    cookie: person.cookie,
    memberId: members.json.items.find((m) => m.userId === person.me.user.id)?.id ?? "",
  };
}

async function createToken(creator: Person | { token: string }, role: Role, name: string): Promise<Token> {
  const auth = "cookie" in creator ? { cookie: creator.cookie } : { token: creator.token };
  const res = await call<{ id: string; token: string }>("POST", "/api/v1/tokens", { ...auth, body: { name, role } });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.id, secret: res.json.token };
}

const status = async (method: string, path: string, token: string, body?: unknown) => (await call(method, path, { token, body })).status;
const tokenRow = async (id: string) =>
  (await testDb().query(`select role, "revokedAt", "createdById" from "ApiToken" where id = $1`, [id])).rows[0] as {
    role: Role;
    revokedAt: Date | null;
    createdById: string | null;
  };
const auditFor = async (tokenId: string, action: string) =>
  (
    await testDb().query(`select "actorType", "actorId", details from "AuditLog" where "orgId" = $1 and action = $2 and "targetId" = $3`, [
      orgId,
      action,
      tokenId,
    ])
  ).rows as Array<{ actorType: string; actorId: string; details: Record<string, unknown> }>;

beforeAll(async () => {
  const signed = await signUp(uniqueEmail("5b-owner"), { organizationName: "Org finding 5b" });
  orgId = signed.me.activeOrganizationId;
  owner = { userId: signed.me.user.id, cookie: signed.cookie, memberId: "" };
});

describe("finding 5b: API tokens do not outlive or outrank their creator", () => {
  it("removing a member revokes the tokens they created (audited); other tokens keep working", async () => {
    const leaver = await invite("ADMIN");
    const theirs = await createToken(leaver, "ADMIN", "leaver-ci");
    const ownersToken = await createToken(owner, "DEVELOPER", "owner-ci");
    expect(await status("GET", "/api/v1/members", theirs.secret)).toBe(200);

    expect((await call("DELETE", `/api/v1/members/${leaver.memberId}`, { cookie: owner.cookie })).status).toBe(200);
    expect(await status("GET", "/api/v1/members", theirs.secret)).toBe(401);
    expect((await tokenRow(theirs.id)).revokedAt).not.toBeNull();
    expect(await auditFor(theirs.id, "token.revoke")).toEqual([
      expect.objectContaining({
        actorType: "USER",
        actorId: owner.userId,
        details: expect.objectContaining({ name: "leaver-ci", reason: expect.stringMatching(/removed/) }),
      }),
    ]);
    expect(await status("GET", "/api/v1/members", ownersToken.secret)).toBe(200);
  });

  it("demoting a member clamps their tokens to the new role (audited)", async () => {
    const admin = await invite("ADMIN");
    const adminToken = await createToken(admin, "ADMIN", "admin-ci");
    const viewerToken = await createToken(admin, "VIEWER", "admin-viewer");
    expect(await status("GET", "/api/v1/tokens", adminToken.secret)).toBe(200); // tokens.read needs ADMIN

    const demoted = await call("PATCH", `/api/v1/members/${admin.memberId}`, { cookie: owner.cookie, body: { role: "DEVELOPER" } });
    expect(demoted.status, demoted.text).toBe(200);
    expect((await tokenRow(adminToken.id)).role).toBe("DEVELOPER");
    expect((await tokenRow(viewerToken.id)).role).toBe("VIEWER");
    expect(await status("GET", "/api/v1/tokens", adminToken.secret)).toBe(403);
    expect(await status("GET", "/api/v1/members", adminToken.secret)).toBe(200);
    expect(await auditFor(adminToken.id, "token.update-role")).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ from: "ADMIN", to: "DEVELOPER" }) }),
    ]);
    expect(await auditFor(viewerToken.id, "token.update-role")).toEqual([]);
  });

  it("a token resolves to the lower of its role and its creator's current role, and not at all without a membership", async () => {
    const admin = await invite("ADMIN");
    const token = await createToken(admin, "ADMIN", "backstop");
    // behind the domain's back (e.g. a bulk fix in SQL): the check at use time still holds
    await testDb().query(`update "Membership" set role = 'VIEWER' where id = $1`, [admin.memberId]);
    expect((await resolveApiToken({ token: token.secret }))?.role).toBe("VIEWER");
    expect(await status("POST", "/api/v1/invitations", token.secret, { email: uniqueEmail("x"), role: "VIEWER" })).toBe(403);
    await testDb().query(`delete from "Membership" where id = $1`, [admin.memberId]);
    expect(await resolveApiToken({ token: token.secret })).toBeNull();
    expect(await status("GET", "/api/v1/members", token.secret)).toBe(401);
  });

  it("a token created by a token belongs to the person behind it, and goes with them", async () => {
    const admin = await invite("ADMIN");
    const parent = await createToken(admin, "ADMIN", "parent");
    const child = await createToken({ token: parent.secret }, "DEVELOPER", "child");
    expect((await tokenRow(child.id)).createdById).toBe(admin.userId);
    expect((await call("DELETE", `/api/v1/members/${admin.memberId}`, { cookie: owner.cookie })).status).toBe(200);
    expect(await status("GET", "/api/v1/members", child.secret)).toBe(401);
  });

  it("a token without a recorded creator is refused", async () => {
    const orphan = await createToken(owner, "VIEWER", "orphan");
    await testDb().query(`update "ApiToken" set "createdById" = null where id = $1`, [orphan.id]);
    expect(await status("GET", "/api/v1/members", orphan.secret)).toBe(401);
  });
});
