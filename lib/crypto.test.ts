import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  process.env.SECRETS_KEY = "ab".repeat(32);
});

describe("secrets", () => {
  it("generates distinct prefixed secrets and hashes them", async () => {
    const { generateSecret, sha256Hex } = await import("./crypto");
    const a = generateSecret("pat");
    const b = generateSecret("pat");
    expect(a.secret).toMatch(/^wharf_pat_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(sha256Hex(a.secret));
    expect(a.secret.startsWith(a.prefix)).toBe(true);
  });

  it("encrypts with AES-256-GCM and detects tampering", async () => {
    const { decryptSecret, encryptSecret } = await import("./crypto");
    const sealed = encryptSecret("registry-password");
    expect(sealed).not.toContain("registry-password");
    expect(encryptSecret("registry-password")).not.toBe(sealed); // random IV
    expect(decryptSecret(sealed)).toBe("registry-password");
    const parts = sealed.split(".");
    const data = Buffer.from(parts[3] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    parts[3] = data.toString("base64url");
    expect(() => decryptSecret(parts.join("."))).toThrow();
  });
});
