/**
 * Issue 9, finding 6: a cluster that ever had an application could not be deleted (500 from the
 * Application → Cluster foreign key). Now live applications block the deletion with a 409 in the
 * error shape that names them; deleted applications (and ones whose deletion was asked for, which
 * can never finish on a cluster without nodes) go with the cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueue } from "@/lib/queue/enqueue";
import { errorSchema } from "@/lib/schemas/common";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { SIMPLE_COMPOSE, signUp, uniqueEmail } from "../../support/integration/tenants";

let cookie: string;
beforeAll(async () => {
  cookie = (await signUp(uniqueEmail("delcluster"), { organizationName: "Deleting clusters" })).cookie;
});
// Deployments queued here must not run in a later file's worker.
afterAll(async () => {
  await getQueue("applications").drain(true);
});

async function clusterWithApp(name: string) {
  const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie, body: { name } });
  expect(cluster.status, cluster.text).toBe(201);
  const app = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
    cookie,
    body: { name: `${name}-web`, clusterId: cluster.json.id, compose: SIMPLE_COMPOSE },
  });
  expect(app.status, app.text).toBe(201);
  return { clusterId: cluster.json.id, appId: app.json.application.id, appName: `${name}-web` };
}

const count = async (table: string, column: string, id: string) =>
  (await testDb().query<{ n: number }>(`select count(*)::int as n from "${table}" where "${column}" = $1`, [id])).rows[0]?.n;

describe("finding 6: deleting a cluster that had applications", () => {
  it("answers 409 in the error shape naming the live applications, and deletes nothing", async () => {
    const c = await clusterWithApp("busy");
    const res = await call<{ error: { code: string; message: string; details: { applications: Array<{ id: string; name: string }> } } }>(
      "DELETE",
      `/api/v1/clusters/${c.clusterId}`,
      { cookie },
    );
    expect(res.status, res.text).toBe(409);
    expect(errorSchema.safeParse(res.json).success).toBe(true);
    expect(res.json.error.code).toBe("CONFLICT");
    expect(res.json.error.message).toContain(c.appName);
    expect(res.json.error.details.applications).toEqual([{ id: c.appId, name: c.appName }]);
    expect(await count("Cluster", "id", c.clusterId)).toBe(1);
    expect(await count("Application", "id", c.appId)).toBe(1);
  });

  it("deletes the cluster once its applications are deleted, with their rows (versions, deployments, events)", async () => {
    const c = await clusterWithApp("done");
    // What a finished DELETE deployment leaves behind (running one needs an agent; tested elsewhere).
    await testDb().query(`update "Application" set status = 'DELETED', "desiredState" = 'DELETED', "deletedAt" = now() where id = $1`, [
      c.appId,
    ]);
    const res = await call("DELETE", `/api/v1/clusters/${c.clusterId}`, { cookie });
    expect(res.status, res.text).toBe(200);
    expect(await count("Cluster", "id", c.clusterId)).toBe(0);
    for (const [table, column] of [
      ["Application", "id"],
      ["TemplateVersion", "applicationId"],
      ["Deployment", "applicationId"],
      ["AppEvent", "applicationId"],
    ] as const) {
      expect(await count(table, column, c.appId), table).toBe(0);
    }
    const audit = await testDb().query(`select details from "AuditLog" where action = 'cluster.delete' and "targetId" = $1`, [c.clusterId]);
    expect(audit.rows[0]?.details).toMatchObject({ deletedApplicationRows: 1 });
  });

  it("an application whose deletion was asked for does not block a cluster without nodes", async () => {
    const c = await clusterWithApp("asked");
    expect((await call("DELETE", `/api/v1/applications/${c.appId}`, { cookie })).status).toBeLessThan(300);
    const res = await call("DELETE", `/api/v1/clusters/${c.clusterId}`, { cookie });
    expect(res.status, res.text).toBe(200);
    expect(await count("Application", "id", c.appId)).toBe(0);
  });
});
