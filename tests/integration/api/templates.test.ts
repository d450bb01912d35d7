/**
 * The template gallery through the API (in-process route handlers, real PostgreSQL): the built-in
 * templates for every member, organisation templates saved by developers and tokens, refused input
 * that changes nothing, names unique per organisation, viewers read-only, other organisations see
 * and delete nothing, and a built-in template answered with its variables previews as an application.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, type Credentials } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { refused, type ErrorBody } from "../../support/integration/refused";
import { signUp, uniqueEmail } from "../../support/integration/tenants";

type Variable = { name: string; label: string; description: string; default: string; required: boolean; secret: boolean };
type Template = {
  id: string;
  builtIn: boolean;
  name: string;
  description: string;
  suggestedAppName: string;
  compose: string;
  variables: Variable[];
  services: string[];
  createdBy: string | null;
  createdAt: string | null;
};

const COMPOSE = `services:
  api:
    image: \${API_IMAGE}
    environment:
      TOKEN_FILE: /run/secrets/api_token
    secrets: [api_token]
  cache:
    image: wharf-test/busybox:1
secrets:
  api_token:
    environment: API_TOKEN
`;
const VARIABLES = [
  { name: "API_IMAGE", label: "API image", default: "wharf-test/busybox:1", required: true },
  { name: "API_TOKEN", label: "API token", required: true, secret: true },
];

let owner: string;
let developer: string;
let developerEmail: string;
let viewer: string;
let developerToken: string;
let otherOwner: string;
let orgId: string;

const list = (creds: Credentials) => call<{ items: Template[] } & ErrorBody>("GET", "/api/v1/templates", creds);
const save = (creds: Credentials, body: unknown) => call<Template & ErrorBody>("POST", "/api/v1/templates", { ...creds, body });
const remove = (creds: Credentials, id: string) => call<{ ok: true } & ErrorBody>("DELETE", `/api/v1/templates/${id}`, creds);

async function invite(role: "DEVELOPER" | "VIEWER") {
  const email = uniqueEmail(`tpl-${role.toLowerCase()}`);
  const inv = await call<{ token: string }>("POST", "/api/v1/invitations", { cookie: owner, body: { email, role } });
  expect(inv.status, inv.text).toBe(201);
  return { email, cookie: (await signUp(email, { invitationToken: inv.json.token })).cookie };
}

beforeAll(async () => {
  const o = await signUp(uniqueEmail("tpl-owner"), { organizationName: "Template makers" });
  owner = o.cookie;
  orgId = o.me.activeOrganizationId;
  const dev = await invite("DEVELOPER");
  developer = dev.cookie;
  developerEmail = dev.email;
  viewer = (await invite("VIEWER")).cookie;
  const token = await call<{ token: string }>("POST", "/api/v1/tokens", { cookie: owner, body: { name: "tpl-ci", role: "DEVELOPER" } });
  expect(token.status, token.text).toBe(201);
  developerToken = token.json.token;
  otherOwner = (await signUp(uniqueEmail("tpl-other"), { organizationName: "Someone else" })).cookie;
});

describe("the gallery", () => {
  it("shows every member the four built-in templates, with their questions, before any of the organisation's", async () => {
    const res = await list({ cookie: viewer });
    expect(res.status, res.text).toBe(200);
    expect(res.json.items.map((t) => t.id)).toEqual(["web-database", "wordpress", "redis-replication", "scheduled-worker"]);
    for (const t of res.json.items) {
      expect(t.builtIn).toBe(true);
      expect(t.createdBy).toBeNull();
      expect(t.services.length).toBeGreaterThan(0);
      expect(t.variables.length).toBeGreaterThan(0);
      // a secret is asked, never answered in advance
      for (const v of t.variables.filter((x) => x.secret)) expect(v.default).toBe("");
    }
    expect(res.json.items.find((t) => t.id === "redis-replication")?.services).toEqual(["primary", "replica"]);
  });
});

describe("organisation templates", () => {
  let saved: Template;

  it("a developer saves one; it joins the gallery with who saved it, and the audit log records it", async () => {
    const res = await save(
      { cookie: developer },
      { name: "  API + cache ", description: "Our usual pair", compose: COMPOSE, variables: VARIABLES },
    );
    expect(res.status, res.text).toBe(201);
    saved = res.json;
    expect(saved).toMatchObject({
      builtIn: false,
      name: "API + cache",
      description: "Our usual pair",
      suggestedAppName: "api-cache",
      compose: COMPOSE,
      services: ["api", "cache"],
      createdBy: developerEmail,
    });
    expect(saved.variables).toEqual([
      { name: "API_IMAGE", label: "API image", description: "", default: "wharf-test/busybox:1", required: true, secret: false },
      { name: "API_TOKEN", label: "API token", description: "", default: "", required: true, secret: true },
    ]);
    const gallery = await list({ cookie: viewer });
    expect(gallery.json.items.map((t) => t.name).slice(4)).toEqual(["API + cache"]);
    const audit = await testDb().query(
      `select "actorLabel", "targetId" from "AuditLog" where "orgId" = $1 and action = 'template.create'`,
      [orgId],
    );
    expect(audit.rows).toEqual([{ actorLabel: developerEmail, targetId: saved.id }]);
  });

  it("an API token saves one too, labelled with the token", async () => {
    const res = await save({ token: developerToken }, { name: "From CI", compose: "services:\n  job:\n    image: wharf-test/busybox:1\n" });
    expect(res.status, res.text).toBe(201);
    expect(res.json.createdBy).toBe("token:tpl-ci");
    expect(res.json.variables).toEqual([]);
  });

  it("refuses a taken name (in any case) and a built-in's name, changing nothing", async () => {
    const taken = await refused(() => save({ cookie: owner }, { name: "api + CACHE", compose: COMPOSE }), 409, "CONFLICT", "body.name");
    expect(taken.message).toMatch(/already exists/);
    const builtIn = await refused(
      () => save({ cookie: owner }, { name: "WordPress + MariaDB", compose: COMPOSE }),
      409,
      "CONFLICT",
      "body.name",
    );
    expect(builtIn.message).toMatch(/built-in template/);
  });

  it("refuses a stored secret, a variable listed twice, a bad variable name and a file that is not YAML, changing nothing", async () => {
    const base = { name: "Broken", compose: COMPOSE };
    await refused(
      () => save({ cookie: owner }, { ...base, variables: [{ name: "PW", label: "Password", secret: true, default: "hunter2" }] }),
      422,
      "INVALID_INPUT",
      "body.variables.0.default",
    );
    await refused(
      () =>
        save(
          { cookie: owner },
          {
            ...base,
            variables: [
              { name: "A", label: "A" },
              { name: "A", label: "Again" },
            ],
          },
        ),
      422,
      "INVALID_INPUT",
      "body.variables.1.name",
    );
    await refused(
      () => save({ cookie: owner }, { ...base, variables: [{ name: "1X", label: "x" }] }),
      422,
      "INVALID_INPUT",
      "body.variables.0.name",
    );
    const yaml = await refused(
      () => save({ cookie: owner }, { name: "Not YAML", compose: "services:\n  web:\n    image: [unclosed\n" }),
      422,
      "INVALID_INPUT",
      "body.compose",
    );
    expect(yaml.message).toMatch(/^Invalid body\.compose: /);
    await refused(() => save({ cookie: owner }, { name: "", compose: COMPOSE }), 422, "INVALID_INPUT", "body.name");
  });

  it("viewers can neither save nor delete", async () => {
    await refused(() => save({ cookie: viewer }, { name: "Viewer's", compose: COMPOSE }), 403, "FORBIDDEN");
    await refused(() => remove({ cookie: viewer }, saved.id), 403, "FORBIDDEN");
  });

  it("another organisation neither sees nor deletes it", async () => {
    const theirs = await list({ cookie: otherOwner });
    expect(theirs.status).toBe(200);
    expect(theirs.json.items.every((t) => t.builtIn)).toBe(true);
    expect(theirs.text).not.toContain(saved.id);
    await refused(() => remove({ cookie: otherOwner }, saved.id), 404, "NOT_FOUND");
  });

  it("built-in templates cannot be deleted", async () => {
    await refused(() => remove({ cookie: owner }, "web-database"), 404, "NOT_FOUND");
  });

  it("a developer deletes it; it leaves the gallery, and a second delete is 404", async () => {
    const res = await remove({ cookie: developer }, saved.id);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ ok: true });
    expect((await list({ cookie: owner })).json.items.map((t) => t.name)).not.toContain("API + cache");
    await refused(() => remove({ cookie: developer }, saved.id), 404, "NOT_FOUND");
    const audit = await testDb().query(`select count(*)::int as n from "AuditLog" where "orgId" = $1 and action = 'template.delete'`, [
      orgId,
    ]);
    expect(audit.rows[0].n).toBe(1);
  });
});

describe("starting an application from a template", () => {
  it("a built-in template, answered with its variables, previews; left unanswered, it is refused where it fails", async () => {
    const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie: owner, body: { name: "tpl-cluster" } });
    expect(cluster.status, cluster.text).toBe(201);
    const worker = (await list({ cookie: owner })).json.items.find((t) => t.id === "scheduled-worker");
    if (!worker) throw new Error("no scheduled-worker template");
    const answers = { ...Object.fromEntries(worker.variables.map((v) => [v.name, v.default])), WORKER_IMAGE: "wharf-test/busybox:1" };
    const body = { name: worker.suggestedAppName, clusterId: cluster.json.id, compose: worker.compose, env: answers };
    const res = await call<{ services: Array<{ name: string; image: string; action: string }> }>("POST", "/api/v1/applications/preview", {
      cookie: developer,
      body,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.services).toEqual([expect.objectContaining({ name: "worker", image: "wharf-test/busybox:1", action: "create" })]);

    const web = (await list({ cookie: owner })).json.items.find((t) => t.id === "web-database");
    if (!web) throw new Error("no web-database template");
    const noPassword = Object.fromEntries(web.variables.filter((v) => !v.secret).map((v) => [v.name, v.default]));
    const refusedPreview = await call<ErrorBody>("POST", "/api/v1/applications/preview", {
      cookie: developer,
      body: { name: "web-db", clusterId: cluster.json.id, compose: web.compose, env: noPassword },
    });
    expect(refusedPreview.status, refusedPreview.text).toBe(422);
    expect(refusedPreview.json.error.details?.map((d) => d.path).join(" ")).toContain("compose.secrets");
  });
});
