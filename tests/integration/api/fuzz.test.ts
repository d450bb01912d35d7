/**
 * Finding 7: a bounded, seeded, schema-driven fuzz of every operation of the OpenAPI document the
 * app serves (a new endpoint is fuzzed the moment it is declared in lib/schemas). Each operation
 * gets bad credentials, hostile path segments and query values, undeclared methods (TRACE too),
 * malformed bodies and content types, bad values for each field from its JSON Schema, and another
 * organisation's ids. No answer may be a 5xx; every error is in the error shape with a JSON content
 * type; no answer carries the other organisation's ids or secrets.
 *
 * It calls the route handlers in-process (like the other contract suites) through the test router,
 * which applies the edge first with the same functions as the real server's edge hook and proxy.ts;
 * e2e/api-edge.spec.ts sends the path, method and header cases to the real `next start`.
 */
import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { errorSchema } from "@/lib/schemas/common";
import { call, sessionFrom } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { EXAMPLES, type Example } from "../../support/integration/examples";
import { casesFor, operationsOf, type FuzzCase, type Operation } from "../../support/integration/fuzz/cases";
import { rng, validValueFor } from "../../support/integration/fuzz/schema-values";
import { sendCase, type Sent, type Signers } from "../../support/integration/fuzz/send";
import { createTenant, PASSWORD, tenantSecrets, type Tenant } from "../../support/integration/tenants";

const SEED = Number(process.env.WHARF_FUZZ_SEED ?? 20261202);
/** Requests per operation (the field cases are sampled to fit). */
const CAP = 90;
const PEER = "198.51.100.77";

let a: Tenant;
let b: Tenant;
let ownerCookie: string;
const badTokens = { expired: "", revoked: "" };

beforeAll(async () => {
  a = await createTenant("fuzz-a");
  b = await createTenant("fuzz-b");
  ownerCookie = a.people.OWNER.cookie;
  const made: string[] = [];
  for (const name of ["fuzz-expired", "fuzz-revoked"]) {
    const t = await call<{ id: string; token: string }>("POST", "/api/v1/tokens", { cookie: ownerCookie, body: { name, role: "OWNER" } });
    expect(t.status, t.text).toBe(201);
    made.push(t.json.id);
    if (name === "fuzz-expired") badTokens.expired = t.json.token;
    else badTokens.revoked = t.json.token;
  }
  await testDb().query(`update "ApiToken" set "expiresAt" = now() - interval '1 day' where id = $1`, [made[0]]);
  expect((await call("DELETE", `/api/v1/tokens/${made[1]}`, { cookie: ownerCookie })).status).toBe(200);
});

/** A valid request for an operation without an example: ids by parameter name, schema defaults. */
function synthesized(op: Operation, t: Tenant): Example {
  const ids: Record<string, string> = {
    clusterId: t.cluster.id,
    nodeId: t.node.id,
    applicationId: t.app.id,
    serviceId: t.app.serviceId,
    versionId: t.app.versionId,
    tokenId: t.tokens.VIEWER.id,
    memberId: t.people.VIEWER.memberId,
    invitationId: t.pendingInvitation.id,
    joinTokenId: t.joinToken.id,
    repositoryId: t.registry.repositoryId,
    ruleId: t.registry.ruleId,
    webhookId: t.registry.webhookId,
    externalRegistryId: t.registry.externalRegistryId,
    tag: "v1",
  };
  return {
    params: Object.fromEntries(op.params.map((p) => [p.name, ids[p.name] ?? String(validValueFor(p.schema))])),
    body: op.body ? validValueFor(op.body) : undefined,
  };
}

/** Harmless operations first; ones that end sessions or delete things last. */
const order = (op: Operation) => (op.id === "auth.signOut" ? 4 : op.method === "DELETE" ? 3 : op.method === "GET" ? 0 : 1);

/**
 * A 502/503 in the error shape names a dependency that is down on purpose here (the contract
 * tenant's node never connects: no live logs); it is not a fault of the HTTP layer. Anything else
 * in 5xx is.
 */
const DEPENDENCY_DOWN: Record<number, string> = { 502: "UPSTREAM_FAILED", 503: "UNAVAILABLE" };

function violations(c: FuzzCase, res: Sent, foreignSecrets: string[]): string[] {
  const out: string[] = [];
  const where = `${c.opId} [${c.kind}] ${c.label} → ${res.status}`;
  const code = (() => {
    try {
      return (JSON.parse(res.text) as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  })();
  const dependencyDown = DEPENDENCY_DOWN[res.status] !== undefined && DEPENDENCY_DOWN[res.status] === code;
  if (res.status >= 500 && !dependencyDown) out.push(`${where}: server error ${res.text.slice(0, 200)}`);
  if (c.expect && !c.expect.includes(res.status)) out.push(`${where}: expected ${c.expect.join(" or ")} ${res.text.slice(0, 160)}`);
  if (res.status >= 400 && c.method !== "HEAD") {
    if (!/^application\/json/.test(res.headers.get("content-type") ?? ""))
      out.push(`${where}: content type ${res.headers.get("content-type")}`);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    if (!errorSchema.safeParse(body).success) out.push(`${where}: not in the error shape: ${res.text.slice(0, 160)}`);
  }
  if (res.status === 405 && !res.headers.get("allow")) out.push(`${where}: 405 without Allow`);
  for (const secret of foreignSecrets)
    if (res.text.includes(secret) && !res.requestText.includes(secret)) out.push(`${where}: shows organisation B's ${secret}`);
  return out;
}

/** After each operation: the owner is signed in again and back in organisation A, whatever the fuzz did. */
async function restore() {
  const me = await call<{ activeOrganizationId: string }>("GET", "/api/v1/me", { cookie: ownerCookie });
  if (me.status === 401) {
    const signedIn = await call("POST", "/api/v1/auth/sign-in", {
      body: { email: a.people.OWNER.email, password: PASSWORD },
      headers: { "x-wharf-peer": "198.51.100.78" },
    });
    expect(signedIn.status, signedIn.text).toBe(200);
    ownerCookie = sessionFrom(signedIn);
  } else if (me.json.activeOrganizationId !== a.orgId) {
    await call("PUT", "/api/v1/me/active-organization", { cookie: ownerCookie, body: { organizationId: a.orgId } });
  }
}

describe("finding 7: schema-driven fuzz of every OpenAPI operation", () => {
  it("no 5xx, every error in the error shape, no other organisation's data", { timeout: 300_000 }, async () => {
    const doc = await call<Parameters<typeof operationsOf>[0]>("GET", "/api/v1/openapi.json");
    expect(doc.status).toBe(200);
    const ops = operationsOf(doc.json).sort((x, y) => order(x) - order(y));
    expect(ops.length).toBeGreaterThan(50);
    const random = rng(SEED);
    const signers: Signers = { cookie: () => ownerCookie, token: () => a.tokens.OWNER.secret, peer: PEER };
    const foreignSecrets = tenantSecrets(b);
    const methodsByPath = new Map<string, string[]>();
    for (const op of ops) methodsByPath.set(op.template, [...(methodsByPath.get(op.template) ?? []), op.method]);
    const seenPaths = new Set<string>();
    const histogram = new Map<number, number>();
    const problems: string[] = [];
    const started = Date.now();
    let sent = 0;
    const failing = new Map<string, number>();
    for (const op of ops) {
      const own = EXAMPLES[op.id]?.(a) ?? synthesized(op, a);
      const foreign = EXAMPLES[op.id]?.(b) ?? synthesized(op, b);
      const pathMethods = seenPaths.has(op.template) ? null : (methodsByPath.get(op.template) ?? []);
      seenPaths.add(op.template);
      for (const c of casesFor(op, { own, foreign, badTokens, pathMethods, random }, CAP)) {
        const res = await sendCase(c, signers);
        sent++;
        histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
        // Operators see every organisation by design; an invitation's token reveals its address.
        const hidden = op.operatorOnly
          ? []
          : foreignSecrets.filter((x) => !(res.requestText.includes(b.pendingInvitation.token) && x === b.pendingInvitation.email));
        const found = violations(c, res, hidden);
        problems.push(...found);
        const kindOfCase = `${c.kind}: ${c.label.replace(/^[\w.]+: /, "<field>: ")}`;
        if (found.length) failing.set(kindOfCase, (failing.get(kindOfCase) ?? 0) + 1);
        if (op.id === "auth.signOut") await restore(); // the fuzz may have signed the owner out
      }
      await restore();
    }
    const statuses = [...histogram.entries()]
      .sort(([x], [y]) => x - y)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    process.stdout.write(
      `\nfuzz (seed ${SEED}): ${sent} requests over ${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${statuses}\n`,
    );
    if (failing.size) {
      const top = [...failing.entries()].sort(([, x], [, y]) => y - x).slice(0, 15);
      process.stdout.write(`failing requests by case: ${top.map(([k, n]) => `${k} ×${n}`).join("; ")}\n`);
    }
    // WHARF_FUZZ_REPORT=/path writes every problem, one a line (the assertion shows the first 40).
    if (process.env.WHARF_FUZZ_REPORT) writeFileSync(process.env.WHARF_FUZZ_REPORT, problems.join("\n"));
    expect(problems.slice(0, 40), `${problems.length} problems`).toEqual([]);
  });
});
