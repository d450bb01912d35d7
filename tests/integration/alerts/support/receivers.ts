/**
 * The receivers alert notifications go to in the tests, all on loopback, all started by the test:
 *  - a real SMTP server (npm smtp-server) with authentication, keeping every message;
 *  - a generic webhook receiver keeping the raw body and headers (the test checks the signature),
 *    optionally failing its first requests with 500 (retries);
 *  - a Slack incoming-webhook stand-in (answers "ok" like Slack) and a DingTalk robot stand-in that
 *    checks the robot signature the way DingTalk documents it (timestamp within an hour, sign =
 *    base64 HMAC-SHA256(secret, "<timestamp>\n<secret>")) and answers {"errcode":310000} otherwise.
 *    Slack and DingTalk cannot be reached from here: these are stand-ins of their documented APIs.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startSmtpCatcher, type Mail } from "../../../support/smtp-catcher";

export type { Mail };
export type Hit = { at: number; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string };

export const SMTP_USER = "wharf-alerts";
export const SMTP_PASSWORD = "alert p@ss";

/** The SMTP server alert e-mails go to, with the credentials the tests configure in the channel. */
export const startSmtp = () => startSmtpCatcher(SMTP_USER, SMTP_PASSWORD);

type Answer = (hit: Hit, index: number) => { status: number; body: string };

export async function startHttpReceiver(
  answer: Answer = () => ({ status: 200, body: "ok" }),
): Promise<{ url: string; hits: Hit[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://127.0.0.1");
      const hit: Hit = {
        at: Date.now(),
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      hits.push(hit);
      const a = answer(hit, hits.length - 1);
      res.writeHead(a.status, { "content-type": "application/json" }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Whether a request carries DingTalk's robot signature for `secret` (the stand-in's check). */
export function dingtalkSigned(hit: Hit, secret: string, now = Date.now()): boolean {
  const timestamp = hit.query.get("timestamp") ?? "";
  const sign = hit.query.get("sign") ?? "";
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > 3600_000) return false;
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64") === sign;
}

/** DingTalk's answers: 200 with errcode 0 when signed right, 200 with errcode 310000 otherwise. */
export const dingtalkStandIn =
  (secret: string): Answer =>
  (hit) =>
    dingtalkSigned(hit, secret)
      ? { status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) }
      : { status: 200, body: JSON.stringify({ errcode: 310000, errmsg: "sign not match" }) };

/** A mail's body with quoted-printable soft breaks and escapes undone. */
export const mailText = (mail: Mail) =>
  mail.raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

type Me = { user: { id: string }; activeOrganizationId: string; memberships: Array<{ organizationId: string; organizationSlug: string }> };

/**
 * A person and organisation for tests that configure an SMTP server (which turns on e-mail
 * verification): signed up, marked verified in the database, then signed in.
 */
export async function verifiedPerson(label: string): Promise<{ cookie: string; orgId: string; slug: string }> {
  const [{ call, sessionFrom }, { testDb }, { uniqueEmail, PASSWORD }] = await Promise.all([
    import("../../../support/integration/client"),
    import("../../../support/integration/db"),
    import("../../../support/integration/tenants"),
  ]);
  const email = uniqueEmail(label);
  const up = await call<Me>("POST", "/api/v1/auth/sign-up", { body: { email, name: label, password: PASSWORD } });
  if (up.status !== 201) throw new Error(`sign-up failed (${up.status}): ${up.text}`);
  await testDb().query(`update "User" set "emailVerifiedAt" = now() where email = $1`, [email]);
  const signIn = await call<Me>("POST", "/api/v1/auth/sign-in", { body: { email, password: PASSWORD } });
  if (signIn.status !== 200) throw new Error(`sign-in failed (${signIn.status}): ${signIn.text}`);
  const orgId = up.json.activeOrganizationId;
  return { cookie: sessionFrom(signIn), orgId, slug: up.json.memberships.find((m) => m.organizationId === orgId)?.organizationSlug ?? "" };
}

/**
 * Deletes the alert rules (and, by cascade, the alerts and silences) of these organisations. The
 * suite's Alertmanager outlives a test file and keeps delivering (repeats, resolutions) to the
 * shared console receiver; with the rules gone those deliveries are ignored instead of writing
 * into the database while later files check that it did not change.
 */
export async function deleteAlertRulesOf(orgIds: Array<string | undefined>): Promise<void> {
  const { testDb } = await import("../../../support/integration/db");
  const ids = orgIds.filter((id): id is string => Boolean(id));
  if (ids.length) await testDb().query(`delete from "AlertRule" where "orgId" = any($1::text[])`, [ids]);
}
