/**
 * Who may do what in the hosted registry, through the real token endpoint and the real registry:
 * every role (as an API token and as a person with a password) × pull / push / delete / catalog ×
 * own / other organisation. Then tokens the registry must refuse: expired, tampered, signed by
 * another key, for another service.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { importPKCS8, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { registrySettings } from "@/lib/drivers/registry/settings";
import { createTenant, PASSWORD, type Tenant } from "../../support/integration/tenants";
import { ownerToken, pushSyntheticImage, registryFetch, requestToken, waitForPushRecorded } from "../../support/registry/registry-http";

const ROLES: Role[] = ["OWNER", "ADMIN", "DEVELOPER", "VIEWER"];
const OPS = ["pull", "push", "delete", "catalog"] as const;
type Op = (typeof OPS)[number];

/** What the registry must allow: own organisation by role; other organisations and the catalog never. */
const EXPECTED: Record<Role, Record<Op, boolean>> = {
  OWNER: { pull: true, push: true, delete: true, catalog: false },
  ADMIN: { pull: true, push: true, delete: true, catalog: false },
  DEVELOPER: { pull: true, push: true, delete: false, catalog: false },
  VIEWER: { pull: true, push: false, delete: false, catalog: false },
};

let a: Tenant;
let b: Tenant;
const repoOf = (t: Tenant) => `${t.slug}/matrix`;
const MANIFEST_ACCEPT = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
/** Successful pushes: their notifications must have landed before this file ends. */
const pushedTags: Array<[string, string]> = [];

beforeAll(async () => {
  [a, b] = [await createTenant("rbac-a"), await createTenant("rbac-b")];
  for (const t of [a, b]) {
    const pushed = await pushSyntheticImage({
      repository: repoOf(t),
      tag: "seed",
      token: await ownerToken(t.tokens.OWNER.secret, repoOf(t)),
    });
    expect(pushed.status).toBe(201);
    await waitForPushRecorded(repoOf(t), "seed");
  }
});

afterAll(async () => {
  for (const [repo, tag] of pushedTags) await waitForPushRecorded(repo, tag);
});

type Credentials = { username: string; password: string };
const identities = (t: Tenant, role: Role): Array<[string, Credentials]> => [
  [`${role.toLowerCase()} API token`, { username: "token", password: t.tokens[role].secret }],
  [`${role.toLowerCase()} password`, { username: t.people[role].email, password: PASSWORD }],
];

/** Performs one operation on `target`'s repository with whatever token the endpoint grants; true if the registry allowed it. */
async function attempt(creds: Credentials, op: Op, target: Tenant): Promise<{ allowed: boolean; granted: string[] }> {
  const repo = repoOf(target);
  if (op === "catalog") {
    const t = await requestToken({ ...creds, scopes: ["registry:catalog:*"] });
    expect(t.status).toBe(200);
    const res = await registryFetch("/v2/_catalog", { token: t.token });
    return { allowed: res.status === 200, granted: t.access.flatMap((x) => x.actions) };
  }
  if (op === "pull") {
    const t = await requestToken({ ...creds, scopes: [`repository:${repo}:pull`] });
    const res = await registryFetch(`/v2/${repo}/manifests/seed`, { token: t.token, headers: MANIFEST_ACCEPT });
    return { allowed: res.status === 200, granted: t.access.flatMap((x) => x.actions) };
  }
  if (op === "push") {
    const t = await requestToken({ ...creds, scopes: [`repository:${repo}:push,pull`] });
    const tag = `push-${randomUUID().slice(0, 8)}`;
    const pushed = { ...(await pushSyntheticImage({ repository: repo, tag, token: t.token ?? "" })), tag };
    if (pushed.status === 201) pushedTags.push([repo, pushed.tag]);
    return { allowed: pushed.status === 201, granted: t.access.flatMap((x) => x.actions) };
  }
  // delete: a fresh manifest of the target's own, so every attempt has something to delete
  const victim = await pushSyntheticImage({
    repository: repo,
    tag: `victim-${randomUUID().slice(0, 8)}`,
    token: await ownerToken(target.tokens.OWNER.secret, repo),
  });
  const t = await requestToken({ ...creds, scopes: [`repository:${repo}:delete`] });
  const res = await registryFetch(`/v2/${repo}/manifests/${victim.digest}`, { method: "DELETE", token: t.token });
  if (res.status === 202) {
    const gone = await registryFetch(`/v2/${repo}/manifests/${victim.digest}`, {
      token: await ownerToken(target.tokens.OWNER.secret, repo),
      headers: MANIFEST_ACCEPT,
    });
    expect(gone.status).toBe(404);
  }
  return { allowed: res.status === 202, granted: t.access.flatMap((x) => x.actions) };
}

describe("registry authorisation matrix", () => {
  for (const role of ROLES) {
    for (const op of OPS) {
      it(`${role.toLowerCase()} × ${op}: own organisation ${EXPECTED[role][op] ? "allowed" : "refused"}, other organisation refused`, async () => {
        for (const [who, creds] of identities(a, role)) {
          const own = await attempt(creds, op, a);
          expect(own.allowed, `${who} ${op} own`).toBe(EXPECTED[role][op]);
          const other = await attempt(creds, op, b);
          expect(other.allowed, `${who} ${op} other`).toBe(false);
          expect(other.granted, `${who} is granted nothing in another organisation`).toEqual([]);
        }
      });
    }
  }

  it("another organisation's repository and a missing one look the same (nothing granted, same answer)", async () => {
    const creds = { username: "token", password: a.tokens.OWNER.secret };
    const existing = await requestToken({ ...creds, scopes: [`repository:${repoOf(b)}:pull`] });
    const missing = await requestToken({ ...creds, scopes: [`repository:${b.slug}/does-not-exist:pull`] });
    const noOrg = await requestToken({ ...creds, scopes: ["repository:no-such-org-xyz/app:pull"] });
    for (const t of [existing, missing, noOrg]) expect(t).toMatchObject({ status: 200, access: [] });
    const [r1, r2] = await Promise.all([
      registryFetch(`/v2/${repoOf(b)}/manifests/seed`, { token: existing.token, headers: MANIFEST_ACCEPT }),
      registryFetch(`/v2/${b.slug}/does-not-exist/manifests/seed`, { token: missing.token, headers: MANIFEST_ACCEPT }),
    ]);
    expect([r1.status, r2.status]).toEqual([401, 401]);
    // Same error (it names the requested repository, nothing else).
    expect((await r1.text()).replace(repoOf(b), "X")).toEqual((await r2.text()).replace(`${b.slug}/does-not-exist`, "X"));
  });

  it("refuses bad credentials at the token endpoint", async () => {
    expect((await requestToken({ username: a.people.OWNER.email, password: "wrong-password", scopes: [] })).status).toBe(401);
    expect((await requestToken({ username: "token", password: "wharf_pat_not-a-real-token", scopes: [] })).status).toBe(401);
    expect((await requestToken({ username: "token", password: a.tokens.OWNER.secret, scopes: [] })).status).toBe(200);
  });
});

describe("the registry refuses tokens it should not trust", () => {
  const repo = () => repoOf(a);
  const now = () => Math.floor(Date.now() / 1000);

  async function sign(claims: Record<string, unknown>, o: { keyPem?: string; certPem?: string } = {}) {
    const s = registrySettings();
    const keyPem = o.keyPem ?? readFileSync(s.keyFile, "utf8");
    const certPem = o.certPem ?? readFileSync(s.certFile, "utf8");
    const x5c = certPem.replace(/-----[^-]+-----|\s/g, "");
    const base = {
      iss: s.issuer,
      sub: "test",
      aud: s.service,
      iat: now(),
      nbf: now() - 5,
      exp: now() + 60,
      jti: randomUUID(),
      access: [{ type: "repository", name: repo(), actions: ["pull"] }],
    };
    return new SignJWT({ ...base, ...claims })
      .setProtectedHeader({ alg: "RS256", typ: "JWT", x5c: [x5c] })
      .sign(await importPKCS8(keyPem, "RS256"));
  }
  const pull = (token: string) => registryFetch(`/v2/${repo()}/manifests/seed`, { token, headers: MANIFEST_ACCEPT }).then((r) => r.status);

  it("accepts a well-formed token (control)", async () => {
    expect(await pull(await sign({}))).toBe(200);
  });

  it("refuses an expired token", async () => {
    expect(await pull(await sign({ iat: now() - 600, nbf: now() - 600, exp: now() - 300 }))).toBe(401);
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const viewer = await requestToken({ username: "token", password: a.tokens.VIEWER.secret, scopes: [`repository:${repo()}:pull`] });
    expect(await pull(viewer.token ?? "")).toBe(200);
    const [header, payload, signature] = (viewer.token ?? "").split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, access: [{ type: "repository", name: repoOf(b), actions: ["pull", "push", "delete"] }] }),
    ).toString("base64url");
    const status = await registryFetch(`/v2/${repoOf(b)}/manifests/seed`, {
      token: `${header}.${forged}.${signature}`,
      headers: MANIFEST_ACCEPT,
    }).then((r) => r.status);
    expect(status).toBe(401);
    const flipped = `${header}.${payload}.${(signature ?? "").slice(0, -4)}AAAA`;
    expect(await pull(flipped)).toBe(401);
  });

  it("refuses a token signed by another key, and one for another service or issuer", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-rogue-"));
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(path.join(dir, "k.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    execFileSync(
      "openssl",
      ["req", "-x509", "-key", path.join(dir, "k.pem"), "-out", path.join(dir, "c.pem"), "-days", "1", "-subj", "/CN=rogue"],
      { stdio: "ignore" },
    );
    const rogue = await sign(
      {},
      { keyPem: readFileSync(path.join(dir, "k.pem"), "utf8"), certPem: readFileSync(path.join(dir, "c.pem"), "utf8") },
    );
    expect(await pull(rogue)).toBe(401);
    expect(await pull(await sign({ aud: "another-registry" }))).toBe(401);
    expect(await pull(await sign({ iss: "someone-else" }))).toBe(401);
  });
});
