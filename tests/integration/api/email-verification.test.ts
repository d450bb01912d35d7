/**
 * Issue 9, finding 6: e-mail addresses were never verified. With an SMTP server configured,
 * sign-up mails a confirmation link and the account cannot sign in (console or `docker login`)
 * until it is followed. Tested against a real SMTP server (npm smtp-server) on loopback, random
 * port, with authentication: the mail arrives, the link verifies, sign-in works after and not before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type Mail, type SmtpCatcher } from "../../support/smtp-catcher";

type Client = typeof import("../../support/integration/client");
let smtp: SmtpCatcher;
let client: Client;
let waitFor: typeof import("../../support/wait-for").waitFor;
let db: typeof import("../../support/integration/db").testDb;

beforeAll(async () => {
  smtp = await startSmtpCatcher("wharf-mailer", "mail p@ss");
  // Before anything reads the configuration (env is parsed on first use).
  process.env.SMTP_URL = smtp.url;
  process.env.SMTP_FROM = "Wharf <wharf@example.test>";
  client = await import("../../support/integration/client");
  waitFor = (await import("../../support/wait-for")).waitFor;
  db = (await import("../../support/integration/db")).testDb;
  const { env } = await import("@/lib/env");
  expect(env.SMTP_URL).toBe(process.env.SMTP_URL);
});

afterAll(async () => {
  await smtp.close();
});

/** The confirmation link in a mail (quoted-printable decoded). */
function linkIn(mail: Mail): string {
  const body = mail.raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const link = /https?:\/\/\S+\/verify-email\?token=(wharf_verify_[A-Za-z0-9_-]+)/.exec(body);
  if (!link?.[1]) throw new Error(`no link in mail:\n${mail.raw}`);
  return link[1];
}

const mailTo = (email: string, nth = 1) =>
  waitFor(`mail #${nth} to ${email}`, async () => smtp.mails.filter((m) => m.to.includes(email))[nth - 1], 15_000);

const PASSWORD = "verify-me-password-1";

describe("finding 6: e-mail verification when an SMTP server is configured", () => {
  it("sign-up mails a link; sign-in is refused until it is followed, then works", async () => {
    const email = `verify-${Date.now().toString(36)}@example.test`;
    const signUp = await client.call<{ emailVerificationRequired: boolean; user: { email: string } }>("POST", "/api/v1/auth/sign-up", {
      body: { email, name: "Vera", password: PASSWORD },
    });
    expect(signUp.status, signUp.text).toBe(201);
    expect(signUp.json.emailVerificationRequired).toBe(true);
    expect(signUp.headers.get("set-cookie")).toBeNull(); // no session before the address is confirmed

    const mail = await mailTo(email);
    expect(mail.from).toBe("wharf@example.test");
    expect(mail.raw).toMatch(/Subject: Confirm your e-mail address/);
    const token = linkIn(mail);
    const stored = await db().query<{ h: string | null }>(`select "emailVerifyTokenHash" as h from "User" where email = $1`, [email]);
    expect(stored.rows[0]?.h).toMatch(/^[0-9a-f]{64}$/); // only the hash is stored
    expect(stored.rows[0]?.h).not.toContain(token);

    const before = await client.call<{ error: { code: string; message: string; details: { action: string } } }>(
      "POST",
      "/api/v1/auth/sign-in",
      { body: { email, password: PASSWORD } },
    );
    expect(before.status, before.text).toBe(403);
    expect(before.json.error.code).toBe("EMAIL_NOT_VERIFIED");
    expect(before.json.error.message).toContain(email);
    expect(before.json.error.details.action).toBe("resend-verification");
    expect(before.headers.get("set-cookie")).toBeNull();
    // docker login with the password is refused the same way.
    const { authenticateRegistryClient } = await import("@/lib/domain/registry/token/authenticate-registry-client");
    await expect(authenticateRegistryClient({ username: email, password: PASSWORD })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A wrong password learns nothing about verification.
    expect((await client.call("POST", "/api/v1/auth/sign-in", { body: { email, password: "wrong-password-123" } })).status).toBe(401);

    const verified = await client.call<{ email: string }>("POST", "/api/v1/auth/verify-email", { body: { token } });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.json.email).toBe(email);
    expect((await client.call("POST", "/api/v1/auth/verify-email", { body: { token } })).status).toBe(404); // works once

    const after = await client.call<{ user: { email: string } }>("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD } });
    expect(after.status, after.text).toBe(200);
    expect(client.sessionFrom(after)).toMatch(/^wharf_session=/);
  });

  it("resending is rate-limited and needs the password; a new link replaces the old one; expired links are refused", async () => {
    const email = `resend-${Date.now().toString(36)}@example.test`;
    expect((await client.call("POST", "/api/v1/auth/sign-up", { body: { email, name: "Rhea", password: PASSWORD } })).status).toBe(201);
    const first = linkIn(await mailTo(email));

    expect(
      (await client.call("POST", "/api/v1/auth/verify-email/resend", { body: { email, password: "wrong-password-123" } })).status,
    ).toBe(401);
    const tooSoon = await client.call<{ error: { code: string } }>("POST", "/api/v1/auth/verify-email/resend", {
      body: { email, password: PASSWORD },
    });
    expect(tooSoon.status, tooSoon.text).toBe(429);

    await db().query(`update "User" set "emailVerifySentAt" = now() - interval '2 minutes' where email = $1`, [email]);
    const resent = await client.call("POST", "/api/v1/auth/verify-email/resend", { body: { email, password: PASSWORD } });
    expect(resent.status, resent.text).toBe(200);
    const second = linkIn(await mailTo(email, 2));
    expect(second).not.toBe(first);
    expect((await client.call("POST", "/api/v1/auth/verify-email", { body: { token: first } })).status).toBe(404);

    await db().query(`update "User" set "emailVerifySentAt" = now() - interval '3 days' where email = $1`, [email]);
    const expired = await client.call<{ error: { code: string } }>("POST", "/api/v1/auth/verify-email", { body: { token: second } });
    expect(expired.status, expired.text).toBe(410);
    expect((await client.call("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD } })).status).toBe(403);
  });
});
