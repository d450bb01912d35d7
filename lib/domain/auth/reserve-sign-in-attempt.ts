/**
 * The sign-in throttle, shared by every way a password is checked (sign-in form, `docker login`
 * through the registry token endpoint, resending a verification mail). Three counters of failed
 * attempts, all in one atomic Redis script so parallel guesses cannot slip past a check:
 *
 *  - per client address and account: SIGNIN_MAX_ATTEMPTS free failures, then each further failure
 *    makes that address wait 1 s, 2 s, 4 s … (at most 15 minutes) before trying that account again;
 *  - per client address over all accounts: at most SIGNIN_MAX_ATTEMPTS_PER_IP failures in a
 *    15-minute window (password spraying), then that address waits for the window to end;
 *  - per account over all addresses: SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT free failures, then an
 *    account-wide backoff of 1 s, 2 s … at most 60 s (a distributed guesser gets about one guess a
 *    minute; the owner, from elsewhere, waits at most a minute). One address alone cannot reach it:
 *    its own limits stop it first, so an attacker's address never locks the owner out.
 *
 * The address+account counter is forgotten 15 minutes after its last failure (or when its backoff
 * ends, if later); the address and account counters count within a fixed 15-minute window from their
 * first failure — so one address, at most ~20 failures per window on one account, never reaches the
 * account-wide threshold. A success clears the account's counters and gives back its reservation.
 */
import { env } from "@/lib/env";
import { redis, redisKey } from "@/lib/redis";

const WINDOW_MS = 15 * 60 * 1000;
const PAIR_BACKOFF_CAP_MS = 15 * 60 * 1000;
const ACCOUNT_BACKOFF_CAP_MS = 60 * 1000;

// KEYS: address, address+account, account. ARGV: now, window, address max, pair free, pair cap,
// account free, account cap, whether the address is known. Returns {scope, wait ms} or {"ok", 0}.
const SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local hasIp = ARGV[8] == '1'
if hasIp then
  local n = tonumber(redis.call('GET', KEYS[1]) or '0')
  if n >= tonumber(ARGV[3]) then
    local ttl = redis.call('PTTL', KEYS[1])
    if ttl < 0 then ttl = window end
    return {'address', ttl}
  end
end
local scopes = {'address-account', 'account'}
for i = 2, 3 do
  local untilMs = tonumber(redis.call('HGET', KEYS[i], 'until') or '0')
  if untilMs > now then return {scopes[i - 1], untilMs - now} end
end
if hasIp then
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], window) end
end
local function fail(key, free, cap, sliding)
  local n = redis.call('HINCRBY', key, 'n', 1)
  local delay = 0
  if n > free then
    delay = math.floor(math.min(cap, 1000 * 2 ^ math.min(n - free - 1, 40)))
    redis.call('HSET', key, 'until', now + delay)
  end
  if sliding or n == 1 then
    redis.call('PEXPIRE', key, math.max(window, delay))
  elseif redis.call('PTTL', key) < delay then
    redis.call('PEXPIRE', key, delay)
  end
end
fail(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5]), true)
fail(KEYS[3], tonumber(ARGV[6]), tonumber(ARGV[7]), false)
return {'ok', 0}
`;

export type ThrottleScope = "address" | "address-account" | "account";

export type SignInReservation =
  | { ok: true; /** The password was right: this attempt was no failure. */ succeeded: () => Promise<void> }
  | { ok: false; scope: ThrottleScope; retryAfterSeconds: number };

/**
 * Counts an attempt as failed before the password is checked (so concurrent guesses see each
 * other), or refuses it while a backoff or window runs. Call `succeeded()` when the password was right.
 */
export async function reserveSignInAttempt({ email, ip }: { email: string; ip: string | null }): Promise<SignInReservation> {
  const keys = [
    redisKey("signin", "address", ip ?? "-"),
    redisKey("signin", "address-account", ip ?? "-", email),
    redisKey("signin", "account", email),
  ];
  const args = [
    Date.now(),
    WINDOW_MS,
    env.SIGNIN_MAX_ATTEMPTS_PER_IP,
    env.SIGNIN_MAX_ATTEMPTS,
    PAIR_BACKOFF_CAP_MS,
    env.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT,
    ACCOUNT_BACKOFF_CAP_MS,
    ip ? 1 : 0,
  ];
  const [scope, waitMs] = (await redis().eval(SCRIPT, keys.length, ...keys, ...args)) as [string, number];
  if (scope !== "ok") return { ok: false, scope: scope as ThrottleScope, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  return {
    ok: true,
    succeeded: async () => {
      const [addressKey = "", pairKey = "", accountKey = ""] = keys;
      const tx = redis().multi().del(pairKey, accountKey);
      if (ip) tx.decr(addressKey);
      await tx.exec();
    },
  };
}
