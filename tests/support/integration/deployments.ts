/** Creating an application on a cluster and waiting until its first deployment ended, either way. */
import { expect } from "vitest";
import { call } from "./client";
import { waitFor } from "../wait-for";

export type EndedDeployment = { status: string; error: string | null; startedAt: string | null; finishedAt: string | null };

export async function deployApplication({
  cookie,
  clusterId,
  name,
  compose,
}: {
  cookie: string;
  clusterId: string;
  name: string;
  compose: string;
}) {
  const res = await call<{ application: { id: string } }>("POST", "/api/v1/applications", { cookie, body: { name, clusterId, compose } });
  expect(res.status, res.text).toBe(201);
  const id = res.json.application.id;
  const deployment = await waitFor(
    `${name} deployed`,
    async () => {
      const d = (await call<{ items: EndedDeployment[] }>("GET", `/api/v1/applications/${id}/deployments?limit=1`, { cookie })).json
        .items[0];
      return d && ["SUCCEEDED", "FAILED"].includes(d.status) ? d : undefined;
    },
    240_000,
    500,
  );
  return { id, deployment };
}
