import { expect, test } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { runShownCommand, startMachine, stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";

let machine: Machine | undefined;

test.afterAll(async () => {
  await stopMachine(machine);
});

test("create a cluster, add a machine with the shown command, watch it join, label and drain it", async ({ page, baseURL }) => {
  machine = await startMachine("we2e", 31);
  await signUpViaApi(page.request, baseURL ?? "", { emailPrefix: "ops", name: "Ops Person" });

  await page.goto("/clusters");
  await expect(page.getByText("No clusters yet")).toBeVisible();
  await page.getByRole("button", { name: "Create cluster" }).first().click();
  await page.getByLabel("Name").fill("edge-e2e");
  await page.getByLabel("Description").fill("created in the browser");
  await page.getByRole("button", { name: "Create cluster" }).last().click();

  // The cluster page opens with the "Add machine" dialog.
  await expect(page.getByRole("heading", { name: "edge-e2e" })).toBeVisible();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Joins as").selectOption("MANAGER");
  await dialog.getByRole("button", { name: "Create install command" }).click();
  await expect(dialog.getByTestId("install-script")).toContainText("| sudo sh wharf-install.sh --url");
  await expect(dialog.getByTestId("install-script")).toContainText("--token-file /dev/stdin");
  await expect(dialog.getByTestId("install-script")).not.toContainText("--token '");
  await dialog.getByRole("tab", { name: "Docker" }).click();
  await expect(dialog.getByTestId("install-docker")).toContainText("-v /var/run/docker.sock:/var/run/docker.sock");
  await dialog.getByRole("tab", { name: "Node.js" }).click();
  const command = (await dialog.getByTestId("install-node").textContent()) ?? "";
  await reviewShot(page, "cluster-add-machine");

  runShownCommand(machine, command);
  await expect(dialog.getByText("1 machine joined")).toBeVisible({ timeout: 20_000 });
  await dialog.getByRole("button", { name: "Done" }).click();

  // The node appears live, without reloading, and becomes a swarm manager.
  const row = page.getByTestId("node-we2e");
  await expect(row).toContainText("Ready");
  await expect(row).toContainText("manager", { timeout: 30_000 });
  await expect(page.getByText(/swarm [0-9a-z]{12}/)).toBeVisible({ timeout: 30_000 });
  await reviewShot(page, "cluster-detail");
  // Every column fits a laptop screen (1280 and 1366 pixels wide): the node table does not scroll sideways.
  for (const width of [1280, 1366]) {
    await page.setViewportSize({ width, height: 800 });
    const hidden = await row.evaluate((tr) => {
      const wrap = tr.closest("table")?.parentElement;
      return wrap ? wrap.scrollWidth - wrap.clientWidth : -1;
    });
    expect(hidden, `the node table at ${width} px`).toBe(0);
  }
  await reviewShot(page, "cluster-detail-1366");
  await page.setViewportSize({ width: 1280, height: 800 });

  await row.getByRole("link", { name: "we2e" }).click();
  await expect(page.getByRole("heading", { name: "we2e" })).toBeVisible();
  await page.getByLabel("Label key").fill("zone");
  await page.getByLabel("Label value").fill("e2e");
  await page.getByRole("button", { name: "Add label" }).click();
  await page.getByRole("button", { name: "Save labels" }).click();
  await expect(page.getByRole("list", { name: "Labels" })).toContainText("zone=e2e");
  await page.getByRole("button", { name: "Drain" }).click();
  await expect(page.getByRole("button", { name: "Activate" })).toBeVisible();
  // Applied to the swarm: the console shows the swarm's availability once the worker has run.
  await expect(page.getByText("availability: drain")).toBeVisible({ timeout: 30_000 });
  const nodeId = page.url().split("/").at(-1) ?? "";
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/v1/nodes/${nodeId}`)).json()) as { swarmLabels: Record<string, string> | null }).swarmLabels
          ?.zone,
      { timeout: 30_000 },
    )
    .toBe("e2e");
  await expect(page.getByText("Command history")).toBeVisible();
  await expect(page.getByRole("cell", { name: "node.update" }).first()).toBeVisible();
  await reviewShot(page, "node-detail");

  await page.goto("/clusters");
  await expect(page.getByRole("link", { name: "edge-e2e" })).toBeVisible();
  await reviewShot(page, "clusters");
});
