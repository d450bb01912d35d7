/**
 * Signs registry bearer tokens (Docker registry token spec): RS256 JWTs with iss/sub/aud/exp/nbf/
 * iat/jti and the `access` claim, the signing certificate in the `x5c` header. Distribution
 * verifies them against the same certificate (auth.token.rootcertbundle).
 */
import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { importPKCS8, SignJWT, type CryptoKey } from "jose";
import { AppError } from "@/lib/errors";
import type { AccessEntry } from "./scopes";
import { registrySettings } from "./settings";

type Signer = { key: CryptoKey; x5c: string; mtimeMs: number; keyFile: string };
let signer: Signer | undefined;

async function loadSigner(): Promise<Signer> {
  const { keyFile, certFile } = registrySettings();
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(keyFile)).mtimeMs;
  } catch {
    throw new AppError("UNAVAILABLE", "The registry's token signing key does not exist yet; start the registry (npm run up)", { keyFile });
  }
  if (signer && signer.keyFile === keyFile && signer.mtimeMs === mtimeMs) return signer;
  const [pem, cert] = await Promise.all([readFile(keyFile, "utf8"), readFile(certFile, "utf8")]);
  const der = cert.replace(/-----[^-]+-----|\s/g, "");
  signer = { key: await importPKCS8(pem, "RS256"), x5c: der, mtimeMs, keyFile };
  return signer;
}

export type RegistryToken = { token: string; expiresIn: number; issuedAt: string };

export async function signRegistryToken({
  subject,
  access,
  ttlSeconds,
}: {
  subject: string;
  access: AccessEntry[];
  ttlSeconds?: number;
}): Promise<RegistryToken> {
  const s = registrySettings();
  const { key, x5c } = await loadSigner();
  const ttl = ttlSeconds ?? s.tokenTtlSeconds;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ access })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", x5c: [x5c] })
    .setIssuer(s.issuer)
    .setSubject(subject)
    .setAudience(s.service)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresIn: ttl, issuedAt: new Date(now * 1000).toISOString() };
}
