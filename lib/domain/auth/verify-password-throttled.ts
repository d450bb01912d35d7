import { dummyPasswordHash, verifyPassword } from "@/lib/auth/passwords";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { reserveSignInAttempt, type ThrottleScope } from "./reserve-sign-in-attempt";

export type ThrottledPasswordCheck =
  | { ok: true; user: { id: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; scope: ThrottleScope; retryAfterSeconds: number };

/** Text no stored e-mail address contains (PostgreSQL would refuse the lookup itself). */
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

/**
 * Checks an account's password through the sign-in throttle (reserve-sign-in-attempt.ts: per
 * address and account, per address, per account). One throttle for every way in (sign-in form,
 * registry token endpoint), so none is a way around the others. `ip` is the client's address as
 * lib/http/request-info.ts resolved it; null when unknown.
 */
export async function verifyPasswordThrottled({
  email,
  password,
  ip = null,
}: {
  email: string;
  password: string;
  ip?: string | null;
}): Promise<ThrottledPasswordCheck> {
  const reservation = await reserveSignInAttempt({ email, ip });
  if (!reservation.ok)
    return { ok: false, reason: "throttled", scope: reservation.scope, retryAfterSeconds: reservation.retryAfterSeconds };
  const user = UNSTORABLE.test(email) ? null : await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // Verify against a dummy hash for unknown e-mails so response time does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) return { ok: false, reason: "invalid" };
  await reservation.succeeded();
  return { ok: true, user: { id: user.id } };
}

/** The 429 for a throttled check: how long to wait (also sent as Retry-After) and why. */
export function signInThrottledError(check: { scope: ThrottleScope; retryAfterSeconds: number }): AppError {
  const wait = check.retryAfterSeconds < 120 ? `${check.retryAfterSeconds} seconds` : `${Math.ceil(check.retryAfterSeconds / 60)} minutes`;
  const why = check.scope === "address" ? "from your network address" : "for this account";
  return new AppError("RATE_LIMITED", `Too many failed sign-in attempts ${why}; try again in ${wait}`, {
    retryAfterSeconds: check.retryAfterSeconds,
  });
}
