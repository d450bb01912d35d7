import { expect, test } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { reviewShot } from "./support/screenshot";

// Issue 9, finding 1: the cluster page shows the workload policy; an owner relaxes one rule, sees
// what becomes allowed and confirms; a bad path is explained next to its field.
test("an owner sees the strict workload policy and relaxes one rule with confirmation", async ({ page, baseURL }) => {
  const origin = baseURL ?? "";
  await signUpViaApi(page.request, origin, { emailPrefix: "policy", name: "Pat Owner" });
  const created = await page.request.post("/api/v1/clusters", { data: { name: "edge-policy" }, headers: { origin } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/clusters/${id}`);
  const card = page.getByTestId("workload-policy");
  await expect(card).toContainText("Strict");
  await expect(card.getByTestId("policy-rule-dockerSocket")).toContainText("Not allowed");
  await expect(card.getByTestId("policy-rule-bindMountPaths")).toContainText("None");
  await reviewShot(page, "workload-policy-strict");

  await card.getByRole("button", { name: "Edit policy" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Workload policy of edge-policy" })).toBeVisible();
  // a relative path is explained next to its field, before anything is sent
  await dialog.getByLabel("Bind mounts of host paths").fill("srv/data");
  await dialog.getByRole("button", { name: "Save policy" }).click();
  await expect(dialog.getByText(/"srv\/data" is not an absolute host path/)).toBeVisible();

  await dialog.getByLabel("Bind mounts of host paths").fill("/srv/data");
  await dialog.getByRole("checkbox", { name: /Host ports below 1024/ }).check();
  await dialog.getByRole("button", { name: "Save policy" }).click();
  await expect(dialog.getByRole("heading", { name: "Relax the policy of edge-policy?" })).toBeVisible();
  const allowed = dialog.getByRole("list", { name: "Newly allowed" });
  await expect(allowed).toContainText("Bind mounts of host paths");
  await expect(allowed).toContainText("Host ports below 1024");
  await reviewShot(page, "workload-policy-confirm");

  // Back keeps the draft; confirming applies it
  await dialog.getByRole("button", { name: "Back" }).click();
  await expect(dialog.getByLabel("Bind mounts of host paths")).toHaveValue("/srv/data");
  await dialog.getByLabel("Bind mounts of host paths").fill("");
  await dialog.getByRole("button", { name: "Save policy" }).click();
  await dialog.getByRole("button", { name: "Relax policy" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(card).toContainText("Relaxed: 1 rule");
  await expect(card.getByTestId("policy-rule-privilegedPorts")).toContainText("Allowed");
  await expect(card.getByTestId("policy-rule-bindMountPaths")).toContainText("None");
  await reviewShot(page, "workload-policy-relaxed");

  const audit = await page.request.get("/api/v1/audit-logs?action=cluster.policy.update");
  expect(((await audit.json()) as { items: unknown[] }).items).toHaveLength(1);
});
