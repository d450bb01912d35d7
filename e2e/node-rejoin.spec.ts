import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { reviewShot } from "./support/screenshot";
import { uniqueEmail } from "./support/unique";
import { testInventory } from "../tests/support/test-inventory";
import { PROTOCOL_VERSION } from "../lib/protocol/version";

/** Creates a join token through the API and runs the join exchange as an agent would (POST /v1/join). */
async function joinMachine(request: APIRequestContext, origin: string, clusterId: string, machineId: string) {
  const created = (await (
    await request.post(`/api/v1/clusters/${clusterId}/join-tokens`, { data: { role: "WORKER", maxUses: 1 }, headers: { origin } })
  ).json()) as { token: string; commands: { node: string } };
  const gateway = /--url '([^']+)'/.exec(created.commands.node)?.[1] ?? "";
  const res = await fetch(`${gateway}/v1/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      token: created.token,
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: "e2e",
      inventory: testInventory(machineId),
    }),
  });
  return { status: res.status, body: (await res.json()) as { nodeId?: string; error?: { code: string; message: string } } };
}

test("a machine asking to join again is refused until an admin allows it on the node's page", async ({ page, baseURL }) => {
  const origin = baseURL ?? "";
  await signUpViaApi(page.request, origin, { emailPrefix: "rejoin", name: "Rejoin Admin" });
  const cluster = (await (await page.request.post("/api/v1/clusters", { data: { name: "rejoin-e2e" }, headers: { origin } })).json()) as {
    id: string;
  };
  const machine =
    uniqueEmail("machine")
      .split("@")[0]
      ?.replace(/[^a-z0-9-]/g, "-") ?? "machine";

  // The add-machine dialog offers single-use and multi-use install commands.
  await page.goto(`/clusters/${cluster.id}`);
  await page.getByRole("button", { name: "Add machine" }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Machines")).toHaveValue("1");
  await expect(dialog.getByLabel("The command works for")).toHaveValue("1");
  await dialog.getByLabel("Machines").selectOption("any");
  await dialog.getByRole("button", { name: "Create install command" }).click();
  await expect(dialog.getByText(/works for any number of machines until/)).toBeVisible();
  await expect(dialog.getByTestId("install-script")).toContainText("--token-file /dev/stdin");
  await dialog.getByRole("button", { name: "Done" }).click();

  // The machine joins, its node is removed, and then the same machine (same engine id) asks again.
  const first = await joinMachine(page.request, origin, cluster.id, machine);
  expect(first.status).toBe(200);
  expect((await page.request.delete(`/api/v1/nodes/${first.body.nodeId}`, { headers: { origin } })).status()).toBe(200);
  await expect
    .poll(
      async () => ((await (await page.request.get(`/api/v1/nodes/${first.body.nodeId}`)).json()) as { removedAt: string | null }).removedAt,
      { timeout: 30_000 },
    )
    .not.toBeNull();
  const refused = await joinMachine(page.request, origin, cluster.id, machine);
  expect(refused.status).toBe(409);
  expect(refused.body.error?.message).toContain(`was node ${machine} of cluster rejoin-e2e and was removed`);

  // The cluster page lists the request; the node page shows it and lets an admin allow it.
  await page.goto(`/clusters/${cluster.id}`);
  const request = page.getByTestId(`rejoin-${machine}`);
  await expect(request).toContainText("removed");
  await reviewShot(page, "cluster-rejoin-requests");
  await request.getByRole("link", { name: machine }).click();
  await expect(page.getByRole("heading", { name: machine })).toBeVisible();
  await expect(page.getByText("Removed", { exact: true })).toBeVisible();
  const card = page.getByTestId("node-rejoin");
  await expect(card).toContainText("Asked to join again at");
  await expect(card).toContainText("with a worker join token");
  await reviewShot(page, "node-rejoin-requested");
  await card.getByRole("button", { name: "Allow to join again" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText(`Allow ${machine} to join again?`);
  await confirm.getByRole("button", { name: "Allow to join again" }).click();
  await expect(card).toContainText("Allowed to join again at");
  await reviewShot(page, "node-rejoin");

  // The next join takes the node back.
  const back = await joinMachine(page.request, origin, cluster.id, machine);
  expect(back).toMatchObject({ status: 200, body: { nodeId: first.body.nodeId } });
  await page.goto(`/clusters/${cluster.id}`);
  await expect(page.getByTestId(`node-${machine}`)).toBeVisible();
});
