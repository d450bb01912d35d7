import { describe, expect, it } from "vitest";
import { can, canGrant, PERMISSIONS, ROLES, roleAtLeast } from "./permissions";

describe("roles", () => {
  it("orders roles owner > admin > developer > viewer", () => {
    expect(roleAtLeast("OWNER", "ADMIN")).toBe(true);
    expect(roleAtLeast("ADMIN", "OWNER")).toBe(false);
    expect(roleAtLeast("DEVELOPER", "VIEWER")).toBe(true);
    expect(roleAtLeast("VIEWER", "DEVELOPER")).toBe(false);
  });

  it("viewers can read everything readable and change nothing", () => {
    for (const [permission, minimum] of Object.entries(PERMISSIONS)) {
      const readOnly = permission.endsWith(".read");
      expect(can("VIEWER", permission as keyof typeof PERMISSIONS), permission).toBe(readOnly && minimum === "VIEWER");
    }
  });

  it("only grants roles up to one's own", () => {
    expect(canGrant("ADMIN", "OWNER")).toBe(false);
    expect(canGrant("ADMIN", "ADMIN")).toBe(true);
    expect(ROLES.filter((r) => canGrant("DEVELOPER", r))).toEqual(["DEVELOPER", "VIEWER"]);
  });
});
