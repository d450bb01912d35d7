/**
 * Reads an uploaded TLS certificate and its key with node:crypto: the names it covers (subject
 * alternative names, else the common name), when it expires, and whether the key is the one the
 * certificate was issued for. Anything HAProxy would refuse at load time is refused here, with a
 * message that says what to fix.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { AppError } from "@/lib/errors";

export type ParsedCertificate = {
  /** The chain as uploaded, normalised: the leaf first, one PEM block after another. */
  certPem: string;
  /** The private key as PKCS#8 PEM. */
  keyPem: string;
  domains: string[];
  notAfter: Date;
  issuer: string;
  fingerprint256: string;
};

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const refuse = (field: "certificate" | "privateKey", message: string) =>
  new AppError("BAD_REQUEST", message, [{ path: `body.${field}`, message }]);

/** DNS names from "DNS:a.example.com, DNS:*.example.com, IP Address:10.0.0.1". */
function dnsNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName ?? "";
  const names = san
    .split(/,\s*/)
    .filter((e) => e.startsWith("DNS:"))
    .map((e) => e.slice(4).trim().toLowerCase())
    .filter(Boolean);
  if (names.length) return [...new Set(names)];
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]?.trim().toLowerCase();
  return cn ? [cn] : [];
}

function readChain(text: string): X509Certificate[] {
  const blocks = text.match(PEM_CERT) ?? [];
  if (blocks.length === 0)
    throw refuse("certificate", "The certificate is not PEM: expected a block starting with -----BEGIN CERTIFICATE-----");
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw refuse("certificate", `Certificate block ${index + 1} of ${blocks.length} cannot be read as an X.509 certificate`);
    }
  });
}

function readKey(text: string): KeyObject {
  if (/ENCRYPTED/.test(text))
    throw refuse("privateKey", "The private key is encrypted; upload it without a passphrase (openssl pkey -in key.pem -out plain.pem)");
  try {
    return createPrivateKey({ key: text, format: "pem" });
  } catch {
    throw refuse(
      "privateKey",
      "The private key cannot be read: expected an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA/EC PRIVATE KEY-----)",
    );
  }
}

export function parseCertificate({
  certificate,
  privateKey,
  now = new Date(),
}: {
  certificate: string;
  privateKey: string;
  now?: Date;
}): ParsedCertificate {
  const chain = readChain(certificate);
  const leaf = chain[0] as X509Certificate;
  const key = readKey(privateKey);
  if (!leaf.checkPrivateKey(key))
    throw refuse(
      "privateKey",
      "The private key does not belong to this certificate (the first certificate of the upload must be the one issued for this key)",
    );
  const notAfter = new Date(leaf.validTo);
  if (Number.isNaN(notAfter.getTime())) throw refuse("certificate", "The certificate has no readable expiry date");
  if (notAfter.getTime() <= now.getTime())
    throw refuse("certificate", `The certificate expired on ${notAfter.toISOString().slice(0, 10)}; upload a renewed one`);
  const domains = dnsNames(leaf);
  if (domains.length === 0)
    throw refuse("certificate", "The certificate names no domain (no DNS subject alternative name and no common name)");
  return {
    certPem: `${chain.map((c) => c.toString().trim()).join("\n")}\n`,
    keyPem: key.export({ type: "pkcs8", format: "pem" }).toString(),
    domains,
    notAfter,
    issuer: leaf.issuer.replace(/\n/g, ", "),
    fingerprint256: leaf.fingerprint256,
  };
}

/** Issuer and fingerprint of a stored certificate, for the list (the key is never read here). */
export function certificateFacts(certPem: string): { issuer: string; fingerprint256: string } {
  try {
    const leaf = new X509Certificate(certPem);
    return { issuer: leaf.issuer.replace(/\n/g, ", "), fingerprint256: leaf.fingerprint256 };
  } catch {
    return { issuer: "", fingerprint256: "" };
  }
}
