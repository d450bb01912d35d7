/**
 * Load balancers and certificates as a resource, through the API (in-process route handlers, real
 * PostgreSQL and Redis): CRUD, refusals that change nothing, credentials encrypted and never
 * returned, viewers read-only, deletes refused while applications still bind, certificates parsed
 * and refused, and "test connection" against the LOCAL STAND-INs of the cloud APIs
 * (tests/support/lb-standins, on 127.0.0.1: the test environment allow-lists loopback only through
 * OUTBOUND_ALLOW_CIDRS, so a private address stands for "the internal network").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { driverFor } from "@/lib/drivers/lb";
import { decryptCredentials, toLbHandle } from "@/lib/domain/traffic/lb-handle";
import { decryptSecret } from "@/lib/crypto";
import { makeCertificate } from "../../support/test-certificates";
import { startAwsElbv2Standin, type AwsElbv2Standin } from "../../support/lb-standins/aws-elbv2-standin";
import type { AliyunSlbStandin } from "../../support/lb-standins/aliyun-slb-standin";
import { ecs, LOOPBACK_ONLY, slbBackend, slbStandin } from "../lb/cloud-subjects";
import { call, type Credentials } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { refused, type ErrorBody } from "../../support/integration/refused";
import { createTenant, type Tenant } from "../../support/integration/tenants";

type Lb = {
  id: string;
  name: string;
  driver: string;
  routing: boolean;
  hasCredentials: boolean;
  settings: Record<string, unknown>;
  description: string;
  clusterName: string;
};

let t: Tenant;
let slb: AliyunSlbStandin;
let elb: AwsElbv2Standin;
let router: Lb;

const admin = (): Credentials => ({ cookie: t.people.ADMIN.cookie });
const lbsPath = () => `/api/v1/clusters/${t.cluster.id}/load-balancers`;
const slbSettings = () => ({ regionId: slb.regionId, loadBalancerId: slb.loadBalancerId, endpoint: slb.endpoint });
const slbCredentials = () => ({ accessKeyId: slb.accessKeyId, accessKeySecret: slb.accessKeySecret });

async function create(body: Record<string, unknown>, creds: Credentials = admin()) {
  return call<Lb & ErrorBody>("POST", lbsPath(), { ...creds, body });
}

async function requested(): Promise<number> {
  const r = await testDb().query<{ n: number }>(`select "trafficRequested" as n from "Cluster" where id = $1`, [t.cluster.id]);
  return r.rows[0]?.n ?? -1;
}

beforeAll(async () => {
  t = await createTenant("lbs");
  slb = await slbStandin();
  elb = await startAwsElbv2Standin();
  const r = await create({ name: "router", driver: "haproxy", routing: true });
  expect(r.status, r.text).toBe(201);
  router = r.json;
});
afterAll(async () => {
  await slb?.close();
  await elb?.close();
});

describe("load balancers through the API", () => {
  it("creates, lists, reads, edits and deletes an HAProxy load balancer; each change is audited and asks for a traffic sync", async () => {
    const before = await requested();
    const created = await create({ name: "web-edge", driver: "haproxy", description: "the web tier" });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      name: "web-edge",
      driver: "haproxy",
      routing: false,
      hasCredentials: false,
      description: "the web tier",
      clusterName: t.cluster.name,
      lastSyncOk: null,
      applied: null,
    });
    const id = created.json.id;
    const list = await call<{ items: Lb[] }>("GET", lbsPath(), { cookie: t.people.VIEWER.cookie });
    expect(list.json.items.map((x) => x.name)).toEqual(["edge", "router", "web-edge"]);
    const all = await call<{ items: Lb[] }>("GET", "/api/v1/load-balancers", { token: t.tokens.VIEWER.secret });
    expect(all.json.items.map((x) => x.id)).toContain(id);
    expect((await call<Lb>("GET", `/api/v1/load-balancers/${id}`, { cookie: t.people.VIEWER.cookie })).json.name).toBe("web-edge");
    const edited = await call<Lb>("PATCH", `/api/v1/load-balancers/${id}`, {
      ...admin(),
      body: { name: "web-edge-2", description: "renamed" },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ name: "web-edge-2", description: "renamed" });
    expect((await call("DELETE", `/api/v1/load-balancers/${id}`, admin())).status).toBe(200);
    expect((await call("GET", `/api/v1/load-balancers/${id}`, admin())).status).toBe(404);
    expect(await requested()).toBe(before + 3);
    const audit = await testDb().query<{ action: string }>(`select action from "AuditLog" where "targetId" = $1 order by "createdAt"`, [
      id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(["load-balancer.create", "load-balancer.update", "load-balancer.delete"]);
  });

  it("refuses bad settings, credentials, names and routing flags with 4xx and changes nothing", async () => {
    const cases: Array<[Record<string, unknown>, number, string, string | undefined]> = [
      [
        { name: "s1", driver: "aliyun-slb", settings: { ...slbSettings(), regionId: "Hangzhou" }, credentials: slbCredentials() },
        422,
        "INVALID_INPUT",
        "body.settings.regionId",
      ],
      [
        {
          name: "s1",
          driver: "aliyun-slb",
          settings: { ...slbSettings(), endpoint: "ftp://slb.example.test" },
          credentials: slbCredentials(),
        },
        422,
        "INVALID_INPUT",
        "body.settings.endpoint",
      ],
      [
        { name: "s1", driver: "aliyun-slb", settings: { ...slbSettings(), colour: "blue" }, credentials: slbCredentials() },
        422,
        "INVALID_INPUT",
        "body.settings.colour",
      ],
      [{ name: "s1", driver: "aliyun-slb", settings: slbSettings() }, 422, "INVALID_INPUT", "body.credentials.accessKeyId"],
      [{ name: "h1", driver: "haproxy", credentials: { password: "x" } }, 422, "INVALID_INPUT", "body.credentials"],
      [{ name: "bad name", driver: "haproxy" }, 422, "INVALID_INPUT", "body.name"],
      [
        { name: "s1", driver: "aliyun-slb", settings: slbSettings(), credentials: slbCredentials(), routing: true },
        400,
        "BAD_REQUEST",
        "body.routing",
      ],
      [{ name: "h2", driver: "haproxy", routing: true }, 400, "BAD_REQUEST", "body.routing"],
      [{ name: "edge", driver: "haproxy" }, 409, "CONFLICT", undefined],
    ];
    for (const [body, status, code, path] of cases) await refused(() => create(body), status, code, path);
    const second = await refused(() => create({ name: "h2", driver: "haproxy", routing: true }), 400, "BAD_REQUEST");
    expect(second.message).toMatch(/router is already this cluster's routing load balancer/);
    await refused(
      () => call("PATCH", `/api/v1/load-balancers/${t.traffic.loadBalancerId}`, { ...admin(), body: { routing: true } }),
      400,
      "BAD_REQUEST",
      "body.routing",
    );
    await refused(
      () => call("PATCH", `/api/v1/load-balancers/${t.traffic.loadBalancerId}`, { ...admin(), body: { name: "router" } }),
      409,
      "CONFLICT",
    );
    await refused(
      () => call("PATCH", `/api/v1/load-balancers/${t.traffic.loadBalancerId}`, { ...admin(), body: { driver: "aws-elbv2" } }),
      422,
      "INVALID_INPUT",
    );
  });

  it("keeps cloud credentials encrypted, never returns or audits them, and keeps them when an edit leaves them out", async () => {
    const created = await create({ name: "slbtest", driver: "aliyun-slb", settings: slbSettings(), credentials: slbCredentials() });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ hasCredentials: true, settings: slbSettings() });
    expect(created.json).not.toHaveProperty("credentials");
    const id = created.json.id;
    const row = await prisma.loadBalancer.findUniqueOrThrow({ where: { id } });
    expect(row.credentialsEnc).not.toContain(slb.accessKeySecret);
    expect(row.credentialsEnc).not.toContain(slb.accessKeyId);
    expect(decryptCredentials(row.credentialsEnc)).toEqual(slbCredentials());

    const tested = await call<{ ok: boolean; message: string }>("POST", `/api/v1/load-balancers/${id}/test-connection`, admin());
    expect(tested.json, tested.text).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Connected: SLB standin-slb \(172\.16\.0\.100/),
    });
    expect(slb.callsOf("DescribeLoadBalancerAttribute").at(-1)?.params).toMatchObject({
      LoadBalancerId: slb.loadBalancerId,
      RegionId: slb.regionId,
    });

    // An edit without credentials keeps them; rotating only the secret keeps the key id.
    expect((await call("PATCH", `/api/v1/load-balancers/${id}`, { ...admin(), body: { description: "prod SLB" } })).status).toBe(200);
    expect((await call<{ ok: boolean }>("POST", `/api/v1/load-balancers/${id}/test-connection`, admin())).json.ok).toBe(true);
    expect(
      (await call("PATCH", `/api/v1/load-balancers/${id}`, { ...admin(), body: { credentials: { accessKeySecret: "not-the-secret" } } }))
        .status,
    ).toBe(200);
    const wrong = await call<{ ok: boolean; message: string }>("POST", `/api/v1/load-balancers/${id}/test-connection`, admin());
    expect(wrong.json).toMatchObject({ ok: false, message: expect.stringMatching(/refused the credentials/) });
    expect(decryptCredentials((await prisma.loadBalancer.findUniqueOrThrow({ where: { id } })).credentialsEnc)).toEqual({
      accessKeyId: slb.accessKeyId,
      accessKeySecret: "not-the-secret",
    });

    const status = await call<{
      observed: { listeners: unknown[] } | null;
      observedError: string | null;
      stats: { available: boolean } | null;
    }>("GET", `/api/v1/load-balancers/${id}/status`, { cookie: t.people.VIEWER.cookie });
    expect(status.status, status.text).toBe(200);
    expect(status.json.observed).toBeNull();
    expect(status.json.observedError).toMatch(/InvalidAccessKeySecret|Signature|credential/i);

    // Stored credentials never move to another endpoint: a new endpoint needs the secret again.
    const moved = { ...slbSettings(), endpoint: "http://10.77.0.1:9" };
    await refused(
      () => call("PATCH", `/api/v1/load-balancers/${id}`, { ...admin(), body: { settings: moved } }),
      422,
      "INVALID_INPUT",
      "body.credentials.accessKeySecret",
    );
    expect(
      (
        await call("PATCH", `/api/v1/load-balancers/${id}`, {
          ...admin(),
          body: { settings: moved, credentials: { accessKeySecret: slb.accessKeySecret } },
        })
      ).status,
    ).toBe(200);
    const callsBefore = slb.calls.length;
    const blocked = await call<{ ok: boolean; message: string }>("POST", `/api/v1/load-balancers/${id}/test-connection`, admin());
    expect(blocked.json).toMatchObject({ ok: false, message: expect.stringMatching(/10\.77\.0\.1.*OUTBOUND_ALLOW_CIDRS/) });
    expect(slb.calls.length).toBe(callsBefore);

    // Nothing that reads load balancers shows a credential; the audit log does not hold one either.
    for (const path of [
      lbsPath(),
      "/api/v1/load-balancers",
      `/api/v1/load-balancers/${id}`,
      `/api/v1/load-balancers/${id}/status`,
      "/api/v1/audit-logs?limit=200",
    ]) {
      const res = await call("GET", path, { cookie: t.people.OWNER.cookie });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      for (const secret of [slb.accessKeySecret, slb.accessKeyId, "not-the-secret"])
        expect(res.text, `${path} shows a credential`).not.toContain(secret);
    }
  });

  it("tests an AWS ELBv2 balancer against its stand-in, and reports a wrong key as ok: false", async () => {
    const settings = { region: elb.region, loadBalancerArn: elb.albArn, vpcId: elb.vpcId, endpoint: elb.endpoint };
    const created = await create({
      name: "elbtest",
      driver: "aws-elbv2",
      settings,
      credentials: { accessKeyId: elb.accessKeyId, secretAccessKey: elb.secretAccessKey, sessionToken: "" },
    });
    expect(created.status, created.text).toBe(201);
    const ok = await call<{ ok: boolean; message: string }>("POST", `/api/v1/load-balancers/${created.json.id}/test-connection`, admin());
    expect(ok.json, ok.text).toMatchObject({ ok: true });
    expect(elb.callsOf("DescribeLoadBalancers").length).toBeGreaterThan(0);
    await call("PATCH", `/api/v1/load-balancers/${created.json.id}`, {
      ...admin(),
      body: { credentials: { secretAccessKey: "wrong-secret" } },
    });
    const bad = await call<{ ok: boolean; message: string }>("POST", `/api/v1/load-balancers/${created.json.id}/test-connection`, admin());
    expect(bad.json).toMatchObject({ ok: false });
    expect((await call("DELETE", `/api/v1/load-balancers/${created.json.id}`, admin())).status).toBe(200);
  });

  it("viewers read but cannot change load balancers or certificates (403, nothing changes)", async () => {
    const lbPath = `/api/v1/load-balancers/${t.traffic.loadBalancerId}`;
    for (const creds of [{ cookie: t.people.VIEWER.cookie }, { token: t.tokens.VIEWER.secret }]) {
      for (const path of [
        lbsPath(),
        lbPath,
        `${lbPath}/status`,
        `/api/v1/clusters/${t.cluster.id}/certificates`,
        `/api/v1/applications/${t.app.id}/traffic`,
      ]) {
        expect((await call("GET", path, creds)).status, path).toBe(200);
      }
      await refused(() => call("POST", lbsPath(), { ...creds, body: { name: "viewer-lb", driver: "haproxy" } }), 403, "FORBIDDEN");
      await refused(() => call("PATCH", lbPath, { ...creds, body: { description: "mine" } }), 403, "FORBIDDEN");
      await refused(() => call("DELETE", lbPath, creds), 403, "FORBIDDEN");
      await refused(() => call("POST", `${lbPath}/test-connection`, creds), 403, "FORBIDDEN");
      await refused(
        () =>
          call("POST", `/api/v1/clusters/${t.cluster.id}/certificates`, {
            ...creds,
            body: makeCertificate({ domains: ["viewer.example.test"] }),
          }),
        403,
        "FORBIDDEN",
      );
      await refused(() => call("DELETE", `/api/v1/certificates/${t.traffic.certificateId}`, creds), 403, "FORBIDDEN");
    }
  });
});

describe("load balancers that applications bind", () => {
  const compose = (labels: Record<string, string>) =>
    `services:\n  web:\n    image: wharf-test/busybox:1\n    ports: ["80"]\n    labels:\n${Object.entries(labels)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join("")}`;

  it("refuses to compile a binding to a load balancer the cluster lacks, naming the ones it has", async () => {
    const res = await call<ErrorBody>("POST", "/api/v1/applications/preview", {
      ...admin(),
      body: { name: "nolb", clusterId: t.cluster.id, compose: compose({ "aliyun.lb.port_80": "tcp://nolb:8080" }) },
    });
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.message).toMatch(
      /there is no load balancer named "nolb" in this cluster; this cluster has edge \(HAProxy\), router \(HAProxy, routing\)/,
    );
  });

  it("previews each binding with the balancer it uses and routing rules with expanded domains", async () => {
    const res = await call<{ loadBalancers: unknown[]; routing: unknown[]; warnings: Array<{ message: string }> }>(
      "POST",
      "/api/v1/applications/preview",
      {
        ...admin(),
        body: {
          name: "preview",
          clusterId: t.cluster.id,
          compose: compose({ "aliyun.lb.port_80": "tcp://edge:8080", "aliyun.routing.port_80": "web" }),
        },
      },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json.loadBalancers).toEqual([
      {
        service: "web",
        port: 80,
        target: "tcp://edge:8080",
        loadBalancer: { id: t.traffic.loadBalancerId, name: "edge", driver: "haproxy", routing: false },
      },
    ]);
    const base = process.env.ROUTING_BASE_DOMAIN || "wharf.localhost";
    expect(res.json.routing).toEqual([
      expect.objectContaining({
        urls: [`http://web.${t.cluster.name}.${t.slug}.${base}`],
        loadBalancer: expect.objectContaining({ name: "router" }),
      }),
    ]);
    expect(res.json.warnings.filter((w) => /not applied yet/.test(w.message))).toEqual([]);
  });

  it("refuses (409) to delete, rename or un-route a balancer while applications bind it, by name or by id", async () => {
    const bound = await create({ name: "bound", driver: "haproxy" });
    expect(bound.status, bound.text).toBe(201);
    const first = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      ...admin(),
      body: {
        name: "bindapp",
        clusterId: t.cluster.id,
        compose: compose({ "aliyun.lb.port_80": "tcp://bound:8080", "aliyun.routing.port_80": "bind" }),
      },
    });
    expect(first.status, first.text).toBe(201);
    const second = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      ...admin(),
      body: { name: "byid", clusterId: t.cluster.id, compose: compose({ "wharf.lb.port_80": `tcp://${bound.json.id}:9090` }) },
    });
    expect(second.status, second.text).toBe(201);

    const del = await refused(() => call("DELETE", `/api/v1/load-balancers/${bound.json.id}`, admin()), 409, "CONFLICT");
    expect(del.message).toMatch(
      /^bound is still used by bindapp\/web \(aliyun\.lb\.port_80\), byid\/web \(wharf\.lb\.port_80\); remove those labels/,
    );
    expect(
      (
        await refused(
          () => call("PATCH", `/api/v1/load-balancers/${bound.json.id}`, { ...admin(), body: { name: "renamed" } }),
          409,
          "CONFLICT",
        )
      ).message,
    ).toMatch(/bindapp\/web/);
    expect((await refused(() => call("DELETE", `/api/v1/load-balancers/${router.id}`, admin()), 409, "CONFLICT")).message).toMatch(
      /bindapp\/web \(routing\.port_80\)/,
    );
    await refused(() => call("PATCH", `/api/v1/load-balancers/${router.id}`, { ...admin(), body: { routing: false } }), 409, "CONFLICT");
    // Renaming is fine for bindings by id only once name-bindings are gone; here the id binding stays.
    for (const app of [first.json.application.id, second.json.application.id]) {
      const next = await call("POST", `/api/v1/applications/${app}/versions`, {
        ...admin(),
        body: { compose: "services:\n  web:\n    image: wharf-test/busybox:1\n", message: "no load balancer" },
      });
      expect(next.status, next.text).toBe(201);
    }
    expect((await call("DELETE", `/api/v1/load-balancers/${bound.json.id}`, admin())).status).toBe(200);
  });
});

describe("certificates", () => {
  const certsPath = () => `/api/v1/clusters/${t.cluster.id}/certificates`;

  it("reads domains and expiry from an uploaded certificate, keeps the key encrypted and never returns it", async () => {
    const pem = makeCertificate({ domains: ["shop.example.test", "*.shop.example.test"] });
    const keyBody = pem.privateKey.split("\n")[1] ?? "";
    const before = await requested();
    const up = await call<{ id: string; name: string; domains: string[]; notAfter: string; fingerprint256: string } & ErrorBody>(
      "POST",
      certsPath(),
      { ...admin(), body: pem },
    );
    expect(up.status, up.text).toBe(201);
    expect(up.json).toMatchObject({
      name: "shop.example.test",
      domains: ["shop.example.test", "*.shop.example.test"],
      fingerprint256: expect.stringMatching(/^[0-9A-F:]{95}$/),
    });
    expect(new Date(up.json.notAfter).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(up.text).not.toContain(keyBody);
    const row = await prisma.certificate.findUniqueOrThrow({ where: { id: up.json.id } });
    expect(row.keyEnc).not.toContain(keyBody);
    expect(decryptSecret(row.keyEnc)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const list = await call<{ items: Array<{ id: string }> }>("GET", certsPath(), { cookie: t.people.VIEWER.cookie });
    expect(list.json.items.map((c) => c.id)).toContain(up.json.id);
    expect(list.text).not.toMatch(/PRIVATE KEY/);
    await refused(() => call("POST", certsPath(), { ...admin(), body: pem }), 409, "CONFLICT");
    expect((await call("DELETE", `/api/v1/certificates/${up.json.id}`, admin())).status).toBe(200);
    expect((await call("DELETE", `/api/v1/certificates/${up.json.id}`, admin())).status).toBe(404);
    expect(await requested()).toBe(before + 2);
  });

  it("refuses expired, mismatched and unreadable uploads with 400 naming the field, changing nothing", async () => {
    const good = makeCertificate({ domains: ["ok.example.test"] });
    const expired = makeCertificate({ domains: ["old.example.test"], days: -1 });
    const other = makeCertificate({ domains: ["other.example.test"], keyType: "rsa" });
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [expired, "body.certificate", /expired on/],
      [{ certificate: good.certificate, privateKey: other.privateKey }, "body.privateKey", /does not belong to this certificate/],
      [{ certificate: "not a certificate", privateKey: good.privateKey }, "body.certificate", /not PEM/],
      [
        { certificate: good.certificate, privateKey: "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----" },
        "body.privateKey",
        /cannot be read/,
      ],
    ];
    for (const [body, path, message] of cases) {
      const error = await refused(() => call("POST", certsPath(), { ...admin(), body }), 400, "BAD_REQUEST", path);
      expect(error.message).toMatch(message);
    }
  });
});

describe("an application's traffic", () => {
  it("lists endpoints, the backends the last sync applied with live health from the balancer, per service", async () => {
    const lb = await create({ name: "slbtraffic", driver: "aliyun-slb", settings: slbSettings(), credentials: slbCredentials() });
    expect(lb.status, lb.text).toBe(201);
    const app = await call<{ application: { id: string; services: Array<{ id: string; swarmName: string }> } }>(
      "POST",
      "/api/v1/applications",
      {
        ...admin(),
        body: {
          name: "trafficapp",
          clusterId: t.cluster.id,
          compose: `services:\n  web:\n    image: wharf-test/busybox:1\n    ports: ["80"]\n    labels:\n      aliyun.lb.port_80: tcp://slbtraffic:8080\n      aliyun.routing.port_80: "shop;https://shop.example.test:/api"\n`,
        },
      },
    );
    expect(app.status, app.text).toBe(201);
    const service = app.json.application.services[0];
    if (!service) throw new Error("no service");

    // The balancer holds two backends (put there by the real SLB driver, as the sync job does), one
    // healthy and one failing its health check; the row records what was applied, in the shape the
    // traffic sync writes (LoadBalancer.applied).
    const row = await prisma.loadBalancer.findUniqueOrThrow({ where: { id: lb.json.id } });
    const driver = driverFor("aliyun-slb", { allow: LOOPBACK_ONLY, retryDelayMs: 5 });
    const backends = [slbBackend(0, "main", 100), slbBackend(1, "main", 100)];
    await driver.ensureListener(toLbHandle(row), { port: 8080, protocol: "tcp" });
    await driver.setBackends(toLbHandle(row), { port: 8080, protocol: "tcp" }, backends);
    slb.setHealth(ecs(0).id, backends[0]?.port ?? 0, "normal");
    slb.setHealth(ecs(1).id, backends[1]?.port ?? 0, "abnormal");
    const applied = {
      at: new Date().toISOString(),
      specs: [{ port: 8080, protocol: "tcp" }],
      listeners: [
        {
          port: 8080,
          protocol: "tcp",
          service: { applicationId: app.json.application.id, appServiceId: service.id, swarmName: service.swarmName, containerPort: 80 },
          backends: backends.map((b) => ({ ...b, nodeId: t.node.id })),
        },
      ],
    };
    await testDb().query(`update "LoadBalancer" set applied = $2 where id = $1`, [lb.json.id, JSON.stringify(applied)]);

    type Traffic = {
      services: Array<{
        name: string;
        endpoints: Array<{ kind: string; url: string | null; note: string | null; loadBalancer: { name: string } | null }>;
        backends: Array<Record<string, unknown>>;
      }>;
      errors: unknown[];
    };
    const res = await call<Traffic>("GET", `/api/v1/applications/${app.json.application.id}/traffic`, { cookie: t.people.VIEWER.cookie });
    expect(res.status, res.text).toBe(200);
    const web = res.json.services[0];
    const base = process.env.ROUTING_BASE_DOMAIN || "wharf.localhost";
    expect(web?.endpoints).toEqual([
      {
        kind: "lb",
        containerPort: 80,
        url: null,
        note: expect.stringMatching(/tcp listener 8080 of slbtraffic; its address is in the Alibaba Cloud SLB console/),
        loadBalancer: { id: lb.json.id, name: "slbtraffic", driver: "aliyun-slb" },
      },
      {
        kind: "routing",
        containerPort: 80,
        url: `http://shop.${t.cluster.name}.${t.slug}.${base}`,
        note: null,
        loadBalancer: { id: router.id, name: "router", driver: "haproxy" },
      },
      {
        kind: "routing",
        containerPort: 80,
        url: "https://shop.example.test/api",
        note: null,
        loadBalancer: { id: router.id, name: "router", driver: "haproxy" },
      },
    ]);
    expect(web?.backends).toEqual([
      expect.objectContaining({
        loadBalancerName: "slbtraffic",
        listener: "tcp:8080",
        address: ecs(0).ip,
        port: backends[0]?.port,
        weight: 100,
        nodeId: t.node.id,
        nodeName: `${t.label}-machine`,
        health: "up",
        requests: null,
      }),
      expect.objectContaining({ address: ecs(1).ip, port: backends[1]?.port, health: "down" }),
    ]);
    expect(res.json.errors).toEqual([]);
    // Another application of the cluster sees none of it.
    const other = await call<Traffic>("GET", `/api/v1/applications/${t.app.id}/traffic`, admin());
    expect(other.json.services.every((s) => s.endpoints.length === 0 && s.backends.length === 0)).toBe(true);
  });
});
