/**
 * An installation operator for contract tests: the address in WHARF_OPERATOR_EMAILS (set for the
 * integration run in setup-env.ts). Signed up on first use, signed in afterwards (the database is
 * shared by every test file of a run).
 */
import { expect } from "vitest";
import { call, sessionFrom } from "./client";
import { PASSWORD } from "./tenants";

export const OPERATOR_EMAIL = "operator@example.test";

let cached: { cookie: string; userId: string; orgId: string } | undefined;

export async function operatorSession(): Promise<{ cookie: string; userId: string; orgId: string }> {
  if (cached) return cached;
  type MeBody = { user: { id: string; isOperator: boolean }; activeOrganizationId: string };
  let res = await call<MeBody>("POST", "/api/v1/auth/sign-up", {
    body: { email: OPERATOR_EMAIL, name: "Operator", password: PASSWORD, organizationName: "Operators" },
  });
  if (res.status === 409) res = await call<MeBody>("POST", "/api/v1/auth/sign-in", { body: { email: OPERATOR_EMAIL, password: PASSWORD } });
  expect(res.status, res.text).toBeLessThan(300);
  expect(res.json.user.isOperator, "WHARF_OPERATOR_EMAILS makes this account an operator").toBe(true);
  cached = { cookie: sessionFrom(res), userId: res.json.user.id, orgId: res.json.activeOrganizationId };
  return cached;
}
