import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, signUp, uniqueEmail, type Tenant } from "../../support/integration/tenants";

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("tm");
});

describe("API tokens", () => {
  it("are shown once, stored hashed, record last use and stop working when revoked", async () => {
    const created = await call<{ id: string; token: string; prefix: string }>("POST", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
      body: { name: "ci", role: "DEVELOPER", expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const { token, id } = created.json;
    const row = await testDb().query('select "tokenHash" from "ApiToken" where id = $1', [id]);
    expect(row.rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.rows[0].tokenHash).not.toContain(token);
    const list = await call<{ items: Array<{ id: string; lastUsedAt: string | null }> }>("GET", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
    });
    expect(list.text).not.toContain(token);
    expect((await call("GET", "/api/v1/members", { token })).status).toBe(200);
    const used = await call<{ items: Array<{ id: string; lastUsedAt: string | null }> }>("GET", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
    });
    expect(used.json.items.find((x) => x.id === id)?.lastUsedAt).not.toBeNull();
    expect((await call("DELETE", `/api/v1/tokens/${id}`, { cookie: t.people.OWNER.cookie })).status).toBe(200);
    const after = await call<{ error: { code: string } }>("GET", "/api/v1/members", { token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("UNAUTHENTICATED");
  });

  it("cannot outrank their creator, and expired tokens are refused", async () => {
    const tooHigh = await call("POST", "/api/v1/tokens", { token: t.tokens.ADMIN.secret, body: { name: "x", role: "OWNER" } });
    expect(tooHigh.status).toBe(403);
    const created = await call<{ id: string; token: string }>("POST", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
      body: { name: "short", role: "VIEWER", expiresInDays: 1 },
    });
    await testDb().query(`update "ApiToken" set "expiresAt" = now() - interval '1 minute' where id = $1`, [created.json.id]);
    expect((await call("GET", "/api/v1/members", { token: created.json.token })).status).toBe(401);
  });

  it("are scoped to one organisation and role: a developer token cannot manage members", async () => {
    const res = await call("PATCH", `/api/v1/members/${t.people.VIEWER.memberId}`, {
      token: t.tokens.DEVELOPER.secret,
      body: { role: "ADMIN" },
    });
    expect(res.status).toBe(403);
  });
});

describe("members and invitations", () => {
  it("keeps at least one owner and stops admins from touching owners", async () => {
    const demoteSelf = await call<{ error: { code: string } }>("PATCH", `/api/v1/members/${t.people.OWNER.memberId}`, {
      cookie: t.people.OWNER.cookie,
      body: { role: "ADMIN" },
    });
    expect(demoteSelf.status).toBe(409);
    const adminOnOwner = await call("DELETE", `/api/v1/members/${t.people.OWNER.memberId}`, { cookie: t.people.ADMIN.cookie });
    expect(adminOnOwner.status).toBe(403);
    const adminMakesOwner = await call("PATCH", `/api/v1/members/${t.people.VIEWER.memberId}`, {
      cookie: t.people.ADMIN.cookie,
      body: { role: "OWNER" },
    });
    expect(adminMakesOwner.status).toBe(403);
  });

  it("an invitation is bound to its e-mail, single-use and revocable", async () => {
    const email = uniqueEmail("invited");
    const inv = await call<{ token: string; id: string }>("POST", "/api/v1/invitations", {
      cookie: t.people.ADMIN.cookie,
      body: { email, role: "DEVELOPER" },
    });
    expect(inv.status).toBe(201);
    const preview = await call<{ email: string; role: string }>("GET", `/api/v1/invitations/preview?token=${inv.json.token}`);
    expect(preview.json).toMatchObject({ email, role: "DEVELOPER" });
    const other = await signUp(uniqueEmail("other"));
    const wrongPerson = await call("POST", "/api/v1/invitations/accept", { cookie: other.cookie, body: { token: inv.json.token } });
    expect(wrongPerson.status).toBe(403);
    const joined = await signUp(email, { invitationToken: inv.json.token });
    expect(joined.me.memberships.map((m) => m.organizationId)).toContain(t.orgId);
    const again = await call("GET", `/api/v1/invitations/preview?token=${inv.json.token}`);
    expect(again.status).toBe(410);

    const revoked = await call<{ token: string; id: string }>("POST", "/api/v1/invitations", {
      cookie: t.people.ADMIN.cookie,
      body: { email: uniqueEmail("revoked"), role: "VIEWER" },
    });
    expect((await call("DELETE", `/api/v1/invitations/${revoked.json.id}`, { cookie: t.people.ADMIN.cookie })).status).toBe(200);
    expect((await call("GET", `/api/v1/invitations/preview?token=${revoked.json.token}`)).status).toBe(410);
  });

  it("a removed member loses access at once", async () => {
    const email = uniqueEmail("leaver");
    const inv = await call<{ token: string }>("POST", "/api/v1/invitations", {
      cookie: t.people.OWNER.cookie,
      body: { email, role: "DEVELOPER" },
    });
    const leaver = await signUp(email, { invitationToken: inv.json.token });
    expect((await call("GET", "/api/v1/members", { cookie: leaver.cookie })).status).toBe(200);
    const members = await call<{ items: Array<{ id: string; email: string }> }>("GET", "/api/v1/members?limit=200", {
      cookie: t.people.OWNER.cookie,
    });
    const memberId = members.json.items.find((m) => m.email === email)?.id;
    expect((await call("DELETE", `/api/v1/members/${memberId}`, { cookie: t.people.OWNER.cookie })).status).toBe(200);
    const after = await call("GET", "/api/v1/members", { cookie: leaver.cookie });
    expect(after.status).toBe(403);
  });

  it("paginates with a cursor", async () => {
    const first = await call<{ items: Array<{ id: string }>; nextCursor: string | null }>("GET", "/api/v1/members?limit=2", {
      cookie: t.people.OWNER.cookie,
    });
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).not.toBeNull();
    const second = await call<{ items: Array<{ id: string }> }>("GET", `/api/v1/members?limit=2&cursor=${first.json.nextCursor}`, {
      cookie: t.people.OWNER.cookie,
    });
    expect(second.json.items[0]?.id).not.toBe(first.json.items[0]?.id);
    expect(new Set([...first.json.items, ...second.json.items].map((m) => m.id)).size).toBe(
      first.json.items.length + second.json.items.length,
    );
  });
});
