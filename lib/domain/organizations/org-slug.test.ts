import { describe, expect, it } from "vitest";
import { slugify } from "./org-slug";

describe("slugify", () => {
  it("makes registry-safe path components", () => {
    expect(slugify("Acme Shipping Ltd.")).toBe("acme-shipping-ltd");
    expect(slugify("Ann's organisation")).toBe("ann-s-organisation");
    expect(slugify("  Ünïcode  Cafés ")).toBe("unicode-cafes");
    expect(slugify("x")).toBe("org-x");
    for (const s of [slugify("A".repeat(100)), slugify("--a--b--"), slugify("🚢🚢")]) {
      expect(s).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(s.length).toBeLessThanOrEqual(36);
    }
  });
});
