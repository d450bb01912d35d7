/**
 * Self-signed TLS certificates for tests, made by the openssl CLI (node:crypto reads X.509 but
 * cannot issue it). `days` may be negative: the certificate is then already expired.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type TestCertificate = { certificate: string; privateKey: string };

export function makeCertificate({
  domains,
  days = 30,
  keyType = "ec",
}: {
  domains: string[];
  days?: number;
  keyType?: "ec" | "rsa";
}): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-cert-"));
  try {
    const key = path.join(dir, "key.pem");
    const csr = path.join(dir, "req.csr");
    const crt = path.join(dir, "cert.pem");
    const keyArgs = keyType === "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] : ["-newkey", "rsa:2048"];
    const san = domains.map((d) => `DNS:${d}`).join(",");
    execFileSync(
      "openssl",
      [
        "req",
        "-new",
        ...keyArgs,
        "-nodes",
        "-keyout",
        key,
        "-subj",
        `/CN=${domains[0] ?? "localhost"}`,
        "-addext",
        `subjectAltName=${san}`,
        "-out",
        csr,
      ],
      { stdio: "pipe" },
    );
    execFileSync("openssl", ["x509", "-req", "-in", csr, "-signkey", key, "-days", String(days), "-copy_extensions", "copy", "-out", crt], {
      stdio: "pipe",
    });
    return { certificate: readFileSync(crt, "utf8"), privateKey: readFileSync(key, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
