import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { makeCertificate } from "@/tests/support/test-certificates";
import { parseCertificate } from "./parse-certificate";

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseCertificate (real certificates from openssl)", () => {
  const good = makeCertificate({ domains: ["shop.example.test", "*.shop.example.test"] });

  it("reads the domains, the expiry and the fingerprint, and normalises the key to PKCS#8", () => {
    const parsed = parseCertificate(good);
    expect(parsed.domains).toEqual(["shop.example.test", "*.shop.example.test"]);
    expect(parsed.notAfter.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(parsed.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(parsed.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(parsed.certPem).toMatch(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\n$/);
  });

  it("accepts an RSA key in its traditional PEM form", () => {
    const rsa = makeCertificate({ domains: ["rsa.example.test"], keyType: "rsa" });
    expect(parseCertificate(rsa).domains).toEqual(["rsa.example.test"]);
  });

  it("refuses an expired certificate, a key of another certificate, garbage and encrypted keys, as 400 with the field", () => {
    const expired = makeCertificate({ domains: ["old.example.test"], days: -1 });
    const other = makeCertificate({ domains: ["other.example.test"] });
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => parseCertificate(expired), "body.certificate", /expired on \d{4}-\d{2}-\d{2}; upload a renewed one/],
      [
        () => parseCertificate({ certificate: good.certificate, privateKey: other.privateKey }),
        "body.privateKey",
        /does not belong to this certificate/,
      ],
      [() => parseCertificate({ certificate: "hello", privateKey: good.privateKey }), "body.certificate", /not PEM/],
      [
        () =>
          parseCertificate({ certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", privateKey: good.privateKey }),
        "body.certificate",
        /cannot be read as an X.509 certificate/,
      ],
      [
        () =>
          parseCertificate({ certificate: good.certificate, privateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----" }),
        "body.privateKey",
        /cannot be read/,
      ],
      [
        () =>
          parseCertificate({
            certificate: good.certificate,
            privateKey: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----",
          }),
        "body.privateKey",
        /encrypted/,
      ],
    ];
    for (const [fn, path, message] of cases) {
      const error = refusal(fn);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
      expect(error.details).toEqual([{ path, message: error.message }]);
    }
  });
});
