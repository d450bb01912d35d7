/**
 * Every message on the Redis bus (commands to gateways, results, control notices, log lines) is
 * sealed: AES-256-GCM with a key derived from SECRETS_KEY (HKDF, its own purpose label, so it is
 * not the at-rest key of lib/crypto.ts), a random nonce, the time of sealing inside the encrypted
 * part and the channel name as additional data. Whoever can only write to Redis can therefore not
 * forge a message, read one (join tokens travel in results), move one to another channel, or
 * replay one late; within the age window each subscription refuses a nonce it has already seen.
 * publishSealed/subscribeSealed are the only way onto the bus, so no caller can forget.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { z } from "zod";
import { envValue } from "@/lib/env";
import { logger } from "@/lib/logger";
import { redis } from "@/lib/redis";
import { ReplayGuard } from "./replay-guard";
import { subscribe } from "./subscriber";

const VERSION = "wb1";
const HKDF_SALT = "wharf";
const HKDF_INFO = "wharf agent-bus v1 aes-256-gcm";

export type OpenFailure = "malformed" | "forged" | "stale" | "replayed" | "invalid";

/** The bus key for a SECRETS_KEY (64 hex characters). */
export function busKeyFrom(secretsKeyHex: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secretsKeyHex, "hex"), HKDF_SALT, HKDF_INFO, 32));
}

const globalForBus = globalThis as unknown as { wharfBusKey?: { from: string; key: Buffer } };

function busKey(): Buffer {
  const secrets = envValue("SECRETS_KEY");
  if (globalForBus.wharfBusKey?.from !== secrets) globalForBus.wharfBusKey = { from: secrets, key: busKeyFrom(secrets) };
  return globalForBus.wharfBusKey.key;
}

const aad = (channel: string) => Buffer.from(`${VERSION}\n${channel}`, "utf8");

/** `wb1.<nonce>.<tag>.<ciphertext>` (base64url); the plaintext is `{"t": sealedAtMs, "m": message}`. */
export function sealMessage({
  key,
  channel,
  message,
  now = Date.now(),
}: {
  key: Buffer;
  channel: string;
  message: unknown;
  now?: number;
}): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad(channel));
  const data = Buffer.concat([cipher.update(JSON.stringify({ t: now, m: message }), "utf8"), cipher.final()]);
  return [VERSION, nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

export type Opened = { ok: true; message: unknown; sealedAt: number; nonce: string } | { ok: false; reason: OpenFailure };

/** Checks and decrypts a sealed message for `channel`; refuses one sealed more than maxAgeMs ago (or ahead). */
export function openMessage({
  key,
  channel,
  sealed,
  maxAgeMs,
  now = Date.now(),
}: {
  key: Buffer;
  channel: string;
  sealed: string;
  maxAgeMs: number;
  now?: number;
}): Opened {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: "malformed" };
  const [, nonceText = "", tagText = "", dataText = ""] = parts;
  const nonce = Buffer.from(nonceText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (nonce.length !== 12 || tag.length !== 16) return { ok: false, reason: "malformed" };
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(aad(channel));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(dataText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return { ok: false, reason: "forged" }; // wrong key, altered bytes or another channel: GCM cannot tell them apart
  }
  const body = JSON.parse(plain) as { t?: unknown; m?: unknown };
  if (typeof body.t !== "number" || Math.abs(now - body.t) > maxAgeMs) return { ok: false, reason: "stale" };
  return { ok: true, message: body.m, sealedAt: body.t, nonce: nonceText };
}

/** Counters of refused bus messages (shown by the gateway's /healthz). */
export const busStats = { rejected: 0, byReason: {} as Partial<Record<OpenFailure, number>> };
let lastWarnAt = 0;
let unreported = 0;

/** Counts and logs (at most once a second) a bus message that was dropped. */
export function refuseBusMessage(channel: string, reason: OpenFailure, detail?: string): void {
  busStats.rejected++;
  busStats.byReason[reason] = (busStats.byReason[reason] ?? 0) + 1;
  unreported++;
  // A flood of forged messages must not become a flood of log lines: at most one a second.
  const now = Date.now();
  if (now - lastWarnAt < 1000) return;
  logger.warn(
    { channel, reason, detail, dropped: unreported, rejectedTotal: busStats.rejected },
    "refused a message on the Redis bus (not sealed by Wharf, altered, replayed or too old)",
  );
  lastWarnAt = now;
  unreported = 0;
}

const maxAgeMs = () => envValue("BUS_MESSAGE_MAX_AGE_SECONDS") * 1000;

export async function publishSealed(channel: string, message: unknown): Promise<void> {
  await redis().publish(channel, sealMessage({ key: busKey(), channel, message }));
}

export type SealedListener<T> = (message: T, meta: { sealedAt: number }) => void;

/**
 * Listens to a channel, handing over only messages sealed by Wharf for this channel, recent,
 * never seen before by this subscription and valid against `schema`. Everything else is dropped
 * and counted. Resolves once Redis confirmed; returns the unsubscribe function.
 */
export function subscribeSealed<S extends z.ZodType>(
  channel: string,
  schema: S,
  listener: SealedListener<z.output<S>>,
): Promise<() => Promise<void>> {
  const guard = new ReplayGuard({ windowMs: maxAgeMs() });
  return subscribe(channel, (raw) => {
    let opened: Opened;
    try {
      opened = openMessage({ key: busKey(), channel, sealed: raw, maxAgeMs: maxAgeMs() });
    } catch {
      opened = { ok: false, reason: "malformed" };
    }
    if (!opened.ok) return refuseBusMessage(channel, opened.reason);
    if (!guard.accept(opened.nonce, opened.sealedAt)) return refuseBusMessage(channel, "replayed");
    const parsed = schema.safeParse(opened.message);
    if (!parsed.success) return refuseBusMessage(channel, "invalid", parsed.error.issues[0]?.message);
    try {
      listener(parsed.data, { sealedAt: opened.sealedAt });
    } catch (err) {
      logger.error({ err, channel }, "bus listener failed");
    }
  });
}
