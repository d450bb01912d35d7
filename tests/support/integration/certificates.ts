import { makeCertificate, type TestCertificate } from "../test-certificates";

let cached: TestCertificate | undefined;

/** One valid self-signed certificate for contract tests (made once per process: openssl is slow enough). */
export function testCertificate(): TestCertificate {
  cached ??= makeCertificate({ domains: ["contract.example.test", "*.contract.example.test"] });
  return cached;
}
