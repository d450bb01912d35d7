/**
 * Playwright global setup: signs up the installation's first account before any spec runs, so
 * that account is the installation operator whichever specs are selected (npm test gives the e2e
 * stack a fresh database). Its credentials go to a file e2e/installation.spec.ts reads; against an
 * installation that already had accounts the file says it is not an operator and that spec skips.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";

export const FIRST_ACCOUNT_FILE = path.resolve(".wharf/e2e-first-account.json");

export type FirstAccount = { email: string; password: string; isOperator: boolean };

export default async function firstAccount(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? "http://127.0.0.1:3000";
  const ctx = await request.newContext({ baseURL });
  try {
    const account = { email: `operator-${Date.now().toString(36)}@example.test`, password: "operator-e2e-password" };
    const res = await ctx.post("/api/v1/auth/sign-up", {
      data: { ...account, name: "Ida Operator", organizationName: "Installation HQ" },
      headers: { origin: new URL(baseURL).origin },
    });
    const body = res.ok() ? ((await res.json()) as { user: { isOperator: boolean } }) : null;
    const saved: FirstAccount = { ...account, isOperator: body?.user.isOperator ?? false };
    mkdirSync(path.dirname(FIRST_ACCOUNT_FILE), { recursive: true });
    writeFileSync(FIRST_ACCOUNT_FILE, JSON.stringify(saved));
  } finally {
    await ctx.dispose();
  }
}
