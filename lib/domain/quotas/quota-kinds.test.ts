import { describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { describeAmount, overridesOf, quotaDefaults } from "./quota-kinds";

const KEY = "cd".repeat(32);

describe("quota settings", () => {
  it("has generous installation defaults and reads operator e-mails as a lower-case list", () => {
    const env = loadEnv({ SECRETS_KEY: KEY, WHARF_OPERATOR_EMAILS: " Ops@Example.com, root@example.org " });
    expect(quotaDefaults(env)).toEqual({ clusters: 20, nodes: 200, applications: 500, registryBytes: 100 * 1024 ** 3 });
    expect(env.WHARF_OPERATOR_EMAILS).toEqual(["ops@example.com", "root@example.org"]);
    expect(loadEnv({ SECRETS_KEY: KEY }).WHARF_OPERATOR_EMAILS).toEqual([]);
    expect(() => loadEnv({ SECRETS_KEY: KEY, WHARF_OPERATOR_EMAILS: "not-an-address" })).toThrow(/WHARF_OPERATOR_EMAILS/);
    expect(() => loadEnv({ SECRETS_KEY: KEY, SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL/);
    expect(loadEnv({ SECRETS_KEY: KEY, SMTP_URL: "" }).SMTP_URL).toBeUndefined();
  });

  it("names amounts the way the refusal message reads", () => {
    expect(describeAmount("clusters", 1)).toBe("1 cluster");
    expect(describeAmount("nodes", 3)).toBe("3 nodes");
    expect(describeAmount("registryBytes", 10 * 1024 ** 3)).toBe("10.0 GiB of registry storage");
    expect(overridesOf({ quotaClusters: null, quotaNodes: 5, quotaApplications: null, quotaRegistryBytes: 2048n })).toEqual({
      clusters: null,
      nodes: 5,
      applications: null,
      registryBytes: 2048,
    });
  });
});
