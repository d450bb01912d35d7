/**
 * Issue 9, finding 5g: the installation operator is the first account of an installation, decided
 * inside the sign-up transaction so that of several simultaneous first sign-ups exactly one gets
 * the role. Needs an installation without accounts: this file runs against a database of its own,
 * migrated here and dropped afterwards (the shared test database has accounts already).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const adminUrl = process.env.WHARF_TEST_ADMIN_DB_URL ?? process.env.DATABASE_URL ?? "";
const name = `wharf_test_first_${randomBytes(4).toString("hex")}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

type Client = typeof import("../../support/integration/client");
let client: Client;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  execFileSync("npx", ["--no-install", "prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "pipe",
    timeout: 120_000,
  });
  // Everything imported from here on talks to the empty installation.
  process.env.DATABASE_URL = url.toString();
  delete (globalThis as { wharfPrisma?: unknown }).wharfPrisma;
  client = await import("../../support/integration/client");
});

afterAll(async () => {
  const { prisma } = await import("@/lib/db");
  await prisma.$disconnect();
  delete (globalThis as { wharfPrisma?: unknown }).wharfPrisma; // the next file gets its own client
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

type Me = { user: { email: string; isOperator: boolean } };

describe("finding 5g: the first account of an installation is its operator", () => {
  it("exactly one of several simultaneous first sign-ups becomes the operator; later accounts do not", async () => {
    const signUp = (i: number) =>
      client.call<Me>("POST", "/api/v1/auth/sign-up", {
        body: { email: `first-${i}@example.org`, name: `First ${i}`, password: "first-account-password" },
      });
    const first = await Promise.all([0, 1, 2, 3, 4].map(signUp));
    for (const res of first) expect(res.status, res.text).toBe(201);
    expect(first.filter((r) => r.json.user.isOperator)).toHaveLength(1);
    const later = await signUp(5);
    expect(later.json.user.isOperator).toBe(false);

    const operator = first.find((r) => r.json.user.isOperator);
    const cookie = client.sessionFrom(operator as NonNullable<typeof operator>);
    const installation = await client.call<{ organizations: number; users: number }>("GET", "/api/v1/installation", { cookie });
    expect(installation.status, installation.text).toBe(200);
    expect(installation.json).toMatchObject({ organizations: 6, users: 6 });
    const other = first.find((r) => !r.json.user.isOperator);
    expect(
      (await client.call("GET", "/api/v1/installation", { cookie: client.sessionFrom(other as NonNullable<typeof other>) })).status,
    ).toBe(403);
    const rows = await admin(async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query<{ n: number }>(`select count(*)::int as n from "User" where "isOperator"`)).rows[0]?.n;
      } finally {
        await c.end();
      }
    });
    expect(rows).toBe(1);
  });
});
