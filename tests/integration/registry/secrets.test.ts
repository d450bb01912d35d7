/**
 * Registry secrets never leak: after logins (token and password, right and wrong), pushes, pulls
 * with agent credentials, external registry tests and webhook deliveries, none of the secrets
 * involved appears in any API response, in the audit log, or in any log file the test run wrote
 * (the registry's own log, the console endpoints', workers', dockerd's).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryAuthFor } from "@/lib/domain/registry/registry-auth-for";
import { notificationSecret, uploadStateSecret } from "@/lib/drivers/registry/settings";
import { ensureRuntimeBridge } from "../../support/runtime/docker-env";
import { sameHostRegistry, type SameHostRegistry } from "../../support/same-host-registry";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { ROOT, startWorker, stopProcess, waitFor, type Proc } from "../../support/integration/processes";
import { createTenant, PASSWORD, tenantSecrets, type Tenant } from "../../support/integration/tenants";
import { DockerCli } from "./support/docker-cli";
import {
  CONSOLE_URL,
  ownerToken,
  pushSyntheticImage,
  REGISTRY_HOST,
  requestToken,
  waitForPushRecorded,
} from "../../support/registry/registry-http";

let t: Tenant;
let worker: Proc;
let receiver: http.Server;
/** The registry as an external one (token endpoint on its own host); see same-host-registry.ts. */
let front: SameHostRegistry;
const received: string[] = [];
const secrets = new Map<string, string>();

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) return filesUnder(full);
    return st.isFile() && st.size < 64 * 1024 * 1024 ? [full] : [];
  });
}

beforeAll(async () => {
  await ensureRuntimeBridge(); // the token realm lives on the bridge address
  t = await createTenant("secrets");
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  worker = startWorker();
  front = await sameHostRegistry({ registry: REGISTRY_HOST, tokenEndpoint: `${CONSOLE_URL}/api/registry/token` });
});

afterAll(async () => {
  await stopProcess(worker);
  await front.close();
  await new Promise((r) => receiver.close(r));
});

describe("registry secrets stay secret", () => {
  it("exercises every path that handles a secret", async () => {
    const repo = `${t.slug}/secret-app`;
    secrets.set("owner API token", t.tokens.OWNER.secret);
    secrets.set("viewer API token", t.tokens.VIEWER.secret);
    secrets.set("account password", PASSWORD);
    secrets.set("external registry password (fixture)", t.registry.externalPassword);
    secrets.set("webhook secret (fixture)", t.registry.webhookSecret);
    secrets.set("registry notification secret", notificationSecret());
    secrets.set("registry upload-state secret", uploadStateSecret());

    // docker login: token, password, wrong password
    const docker = new DockerCli();
    try {
      expect((await docker.login(REGISTRY_HOST, "token", t.tokens.OWNER.secret)).code).toBe(0);
      expect((await docker.login(REGISTRY_HOST, t.people.OWNER.email, PASSWORD)).code).toBe(0);
      expect((await docker.login(REGISTRY_HOST, t.people.OWNER.email, "Wrong-Password-7731")).code).not.toBe(0);
      secrets.set("wrong password", "Wrong-Password-7731");
    } finally {
      docker.cleanup();
    }

    // a webhook with a secret, a push that triggers a delivery
    const hook = await call<{ id: string; secret: string }>("POST", "/api/v1/registry/webhooks", {
      cookie: t.people.OWNER.cookie,
      body: { name: "sink", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/h`, events: ["image.push"] },
    });
    secrets.set("webhook secret", hook.json.secret);
    const registryToken = await ownerToken(t.tokens.OWNER.secret, repo);
    secrets.set("registry bearer token", registryToken);
    expect((await pushSyntheticImage({ repository: repo, tag: "v1", token: registryToken })).status).toBe(201);
    await waitForPushRecorded(repo, "v1");
    await waitFor("webhook delivered", async () => received.length > 0);

    // agent pull credentials, used at the token endpoint
    const auth = await registryAuthFor({ orgId: t.orgId, image: `${REGISTRY_HOST}/${repo}:v1` });
    secrets.set("pull credential", auth?.password ?? "missing");
    expect(
      (await requestToken({ username: auth?.username ?? "", password: auth?.password ?? "", scopes: [`repository:${repo}:pull`] })).access,
    ).toHaveLength(1);

    // external registry: create, test (right and wrong password)
    const ext = await call<{ id: string }>("POST", "/api/v1/registry/external-registries", {
      cookie: t.people.OWNER.cookie,
      body: { name: "loop", kind: "GENERIC", host: front.host, username: "token", password: t.tokens.VIEWER.secret },
    });
    expect(
      (await call<{ ok: boolean }>("POST", `/api/v1/registry/external-registries/${ext.json.id}/test`, { cookie: t.people.OWNER.cookie }))
        .json.ok,
    ).toBe(true);
    await call("PATCH", `/api/v1/registry/external-registries/${ext.json.id}`, {
      cookie: t.people.OWNER.cookie,
      body: { password: "Ext-Wrong-Pw-99" },
    });
    secrets.set("external password (changed)", "Ext-Wrong-Pw-99");
    expect(
      (await call<{ ok: boolean }>("POST", `/api/v1/registry/external-registries/${ext.json.id}/test`, { cookie: t.people.OWNER.cookie }))
        .json.ok,
    ).toBe(false);
  });

  it("no API response carries them", async () => {
    const repoId = (
      await call<{ items: Array<{ id: string; path: string }> }>("GET", "/api/v1/registry/repositories", { cookie: t.people.OWNER.cookie })
    ).json.items.find((r) => r.path.endsWith("/secret-app"))?.id;
    const hooks = await call<{ items: Array<{ id: string }> }>("GET", "/api/v1/registry/webhooks", { cookie: t.people.OWNER.cookie });
    const paths = [
      "/api/v1/registry",
      "/api/v1/registry/repositories",
      `/api/v1/registry/repositories/${repoId}/tags`,
      `/api/v1/registry/repositories/${repoId}/events`,
      "/api/v1/registry/external-registries",
      "/api/v1/registry/webhooks",
      ...hooks.json.items.map((h) => `/api/v1/registry/webhooks/${h.id}/deliveries`),
      "/api/v1/registry/retention-rules",
      "/api/v1/audit-logs?limit=200",
    ];
    for (const p of paths) {
      const res = await call("GET", p, { cookie: t.people.OWNER.cookie });
      expect(res.status, `${p}: ${res.text.slice(0, 200)}`).toBe(200);
      for (const [what, value] of secrets) expect(res.text.includes(value), `${what} in ${p}`).toBe(false);
    }
  });

  it("the audit log does not store them", async () => {
    const rows = await testDb().query(`select to_jsonb(a)::text as row from "AuditLog" a where "orgId" = $1`, [t.orgId]);
    const text = rows.rows.map((r: { row: string }) => r.row).join("\n");
    expect(text).toContain("registry.push");
    for (const [what, value] of secrets) expect(text.includes(value), `${what} in the audit log`).toBe(false);
  });

  it("no log file contains them (and the registry's log shows the redaction at work)", async () => {
    const dirs = [
      path.join(ROOT, ".wharf/test-results"),
      path.join(ROOT, ".wharf/logs"),
      ...(process.env.WHARF_TEST_LOG_DIRS ?? "").split(",").filter(Boolean),
    ];
    const files = dirs.flatMap(filesUnder).filter((f) => !f.endsWith(".png") && !f.includes("e2e-artifacts"));
    const registryLog = files.find((f) => path.basename(f) === "registry.log");
    expect(registryLog, `registry log among ${files.length} files`).toBeDefined();
    const log = readFileSync(registryLog ?? "", "utf8");
    expect(log).toContain("headers=map[Authorization:[Bearer [redacted]]]");
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const [what, value] of [
        ...secrets,
        ...tenantSecrets(t)
          .filter((s) => s.startsWith("wharf_"))
          .map((s) => ["tenant secret", s] as [string, string]),
      ]) {
        expect(text.includes(value), `${what} in ${file}`).toBe(false);
      }
    }
  });
});
