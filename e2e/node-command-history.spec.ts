import { expect, test } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { reviewShot } from "./support/screenshot";
import { uniqueEmail } from "./support/unique";
import { testInventory } from "../tests/support/test-inventory";
import { PROTOCOL_VERSION } from "../lib/protocol/version";

test("finding 5a: a node's command history is for admins; a viewer is told who can see it", async ({ page, browser, baseURL }) => {
  const origin = baseURL ?? "";
  await signUpViaApi(page.request, origin, { emailPrefix: "history-owner", name: "History Owner" });
  const cluster = (await (await page.request.post("/api/v1/clusters", { data: { name: "history-e2e" }, headers: { origin } })).json()) as {
    id: string;
  };
  const created = (await (
    await page.request.post(`/api/v1/clusters/${cluster.id}/join-tokens`, { data: { role: "WORKER" }, headers: { origin } })
  ).json()) as { token: string; commands: { node: string } };
  const gateway = /--url '([^']+)'/.exec(created.commands.node)?.[1] ?? "";
  const join = await page.request.post(`${gateway}/v1/join`, {
    data: {
      token: created.token,
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: "e2e",
      inventory: testInventory(`history-e2e-${Date.now()}`, "10.0.0.9"),
    },
  });
  expect(join.status(), await join.text()).toBe(200);
  const { nodeId } = (await join.json()) as { nodeId: string };
  const nodePage = `/clusters/${cluster.id}/nodes/${nodeId}`;

  const email = uniqueEmail("history-viewer");
  const invitation = (await (
    await page.request.post("/api/v1/invitations", { data: { email, role: "VIEWER" }, headers: { origin } })
  ).json()) as { token: string };
  const viewerContext = await browser.newContext({ baseURL: origin });
  try {
    const viewer = await viewerContext.newPage();
    const signUp = await viewer.request.post("/api/v1/auth/sign-up", {
      data: { email, name: "History Viewer", password: "a-long-enough-password", invitationToken: invitation.token },
      headers: { origin },
    });
    expect(signUp.status()).toBe(201);
    await viewer.goto(nodePage);
    const restricted = viewer.getByTestId("node-commands-restricted");
    await expect(restricted).toContainText("Command history");
    await expect(restricted).toContainText(
      "Only admins and owners of the organisation can see what the control plane sent to this machine.",
    );
    await expect(viewer.getByRole("columnheader", { name: "Command" })).toHaveCount(0);
    await reviewShot(viewer, "node-detail-viewer");
  } finally {
    await viewerContext.close();
  }

  await page.goto(nodePage);
  await expect(page.getByText("Command history")).toBeVisible();
  await expect(page.getByText("Secrets and environment values are redacted before they are stored.")).toBeVisible();
  await expect(page.getByTestId("node-commands-restricted")).toHaveCount(0);
});
