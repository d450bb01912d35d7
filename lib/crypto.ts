/**
 * Secrets: random bearer secrets (stored only as SHA-256 hashes) and AES-256-GCM encryption at
 * rest for values Wharf must read back (registry passwords, webhook secrets).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "./env";

/** Bearer secrets are 32 random bytes: a fast hash is enough, no salt or KDF needed. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export type GeneratedSecret = { secret: string; hash: string; prefix: string };

/** A new secret like `wharf_pat_3k…`; the prefix names its kind so leaked tokens are recognisable. */
export function generateSecret(kind: string): GeneratedSecret {
  const secret = `wharf_${kind}_${randomBytes(32).toString("base64url")}`;
  return { secret, hash: sha256Hex(secret), prefix: secret.slice(0, kind.length + 11) };
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const VERSION = "v1";

function key(): Buffer {
  return Buffer.from(env.SECRETS_KEY, "hex");
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function decryptSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
