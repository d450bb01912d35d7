import { describe, expect, it } from "vitest";
import { call, ORIGIN, sessionFrom } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { PASSWORD, signUp, uniqueEmail } from "../../support/integration/tenants";

describe("accounts and sessions", () => {
  it("sign-up creates an owner of a new organisation and a secure session cookie", async () => {
    const email = uniqueEmail("signup");
    const res = await call<{ memberships: Array<{ role: string }>; activeOrganizationId: string }>("POST", "/api/v1/auth/sign-up", {
      body: { email: email.toUpperCase(), name: "Sam", password: PASSWORD, organizationName: "Sam's Shipping" },
    });
    expect(res.status).toBe(201);
    expect(res.json.memberships).toEqual([expect.objectContaining({ role: "OWNER", organizationName: "Sam's Shipping" })]);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const stored = await testDb().query('select "passwordHash" from "User" where email = $1', [email]);
    expect(stored.rows[0].passwordHash).toMatch(/^\$argon2id\$/);
    const dup = await call<{ error: { code: string } }>("POST", "/api/v1/auth/sign-up", {
      body: { email, name: "Sam", password: PASSWORD },
    });
    expect(dup.status).toBe(409);
  });

  it("signs in, rejects a wrong password with one message, and signs out", async () => {
    const email = uniqueEmail("signin");
    await signUp(email);
    const wrong = await call<{ error: { message: string } }>("POST", "/api/v1/auth/sign-in", {
      body: { email, password: "wrong-password-123" },
    });
    expect(wrong.status).toBe(401);
    const unknown = await call<{ error: { message: string } }>("POST", "/api/v1/auth/sign-in", {
      body: { email: uniqueEmail("nobody"), password: "wrong-password-123" },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.message).toBe(wrong.json.error.message);
    const ok = await call("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD } });
    expect(ok.status).toBe(200);
    const cookie = sessionFrom(ok);
    expect((await call("GET", "/api/v1/me", { cookie })).status).toBe(200);
    expect((await call("POST", "/api/v1/auth/sign-out", { cookie })).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { cookie })).status).toBe(401);
  });

  it("throttles repeated failed sign-ins per account", async () => {
    const email = uniqueEmail("throttle");
    await signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await call("POST", "/api/v1/auth/sign-in", { body: { email, password: "wrong-password-123" } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Even the right password waits out the window.
    expect((await call("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD } })).status).toBe(429);
  });

  it("refuses cookie-authenticated mutations from another origin (CSRF)", async () => {
    const { cookie } = await signUp(uniqueEmail("csrf"));
    const evil = await call<{ error: { code: string } }>("POST", "/api/v1/tokens", {
      cookie,
      body: { name: "evil", role: "VIEWER" },
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    const crossSite = await call("POST", "/api/v1/tokens", {
      cookie,
      body: { name: "evil", role: "VIEWER" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const same = await call("POST", "/api/v1/tokens", { cookie, body: { name: "fine", role: "VIEWER" }, headers: { origin: ORIGIN } });
    expect(same.status).toBe(201);
  });

  it("requires authentication for organisation endpoints", async () => {
    const res = await call<{ error: { code: string } }>("GET", "/api/v1/members");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("UNAUTHENTICATED");
    const bad = await call("GET", "/api/v1/members", { headers: { authorization: "Basic abc" } });
    expect(bad.status).toBe(401);
  });

  it("switches between organisations the user belongs to", async () => {
    const { cookie, me } = await signUp(uniqueEmail("switch"));
    const created = await call<{ id: string }>("POST", "/api/v1/organizations", { cookie, body: { name: "Second org" } });
    expect(created.status).toBe(201);
    const after = await call<{ activeOrganizationId: string; memberships: unknown[] }>("GET", "/api/v1/me", { cookie });
    expect(after.json.activeOrganizationId).toBe(created.json.id);
    expect(after.json.memberships).toHaveLength(2);
    const back = await call<{ activeOrganizationId: string }>("PUT", "/api/v1/me/active-organization", {
      cookie,
      body: { organizationId: me.activeOrganizationId },
    });
    expect(back.json.activeOrganizationId).toBe(me.activeOrganizationId);
  });
});
