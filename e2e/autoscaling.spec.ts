/**
 * The Autoscaling page on a real one-node swarm: empty, it says how to declare a rule; a service
 * deployed with aliyun.auto_scaling.* labels shows its rule (current values against thresholds,
 * replicas within bounds, source "labels"); the Edit dialog shows the API's refusal under the field
 * it concerns, then saves a minimum above the running replicas, which forces a scale-out without
 * a redeploy. The decision is in the recent list with its explanation and on the service's chart
 * as a marker whose tooltip explains it; the switch turns the rule off.
 */
import { expect, test } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

type RuleJson = { id: string; enabled: boolean; source: string; minInstances: number; replicas: number | null };

test("rules from labels, edited in the console, a forced scale-out on the chart and in the decisions", async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "autoscaling", name: "Scaling Person" });

  await page.goto("/autoscaling");
  await expect(page.getByText("No autoscaling rules yet")).toBeVisible();
  await expect(page.getByTestId("labels-example")).toContainText("aliyun.auto_scaling.max_cpu: 70");
  await reviewShot(page, "autoscaling-empty");

  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "scaling", [{ name: "was1", index: 135 }]);
  machines = cluster.machines;
  const compose = `services:
  web:
    image: ${images.nodeAppV1}
    deploy:
      replicas: 2
    labels:
      aliyun.auto_scaling.max_cpu: 70
      aliyun.auto_scaling.min_cpu: 20
      aliyun.auto_scaling.step: 1
      aliyun.auto_scaling.min_instances: 2
      aliyun.auto_scaling.max_instances: 4
`;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "elastic", clusterId: cluster.clusterId, compose },
  });
  expect(created.status(), await created.text()).toBe(201);
  const appId = ((await created.json()) as { application: { id: string } }).application.id;
  const rule = async () =>
    ((await (await page.request.get(`/api/v1/autoscaling/rules?applicationId=${appId}`)).json()) as { items: RuleJson[] }).items[0];

  // The rule as the labels declare it, with what the evaluator sees.
  await page.goto("/autoscaling");
  const row = page.getByTestId("rule-elastic/web");
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("labels");
  await expect(row.getByTestId("current-cpu")).toContainText("out > 70 %");
  await expect(row.getByTestId("current-cpu")).toContainText("in < 20 %");
  await expect(row.getByTestId("replicas")).toHaveText("2 (2–4, step 1)", { timeout: 240_000 });
  await reviewShot(page, "autoscaling-rule-from-labels");

  // Edit by keyboard: a scale-in threshold too close to the scale-out one is refused under its field.
  await row.getByRole("button", { name: "Edit the rule of elastic/web" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("CPU: scale out above (%)")).toBeFocused();
  await expect(dialog.getByLabel("CPU: scale out above (%)")).toHaveValue("70");
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("CPU: scale in below (%)")).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("50");
  await page.keyboard.press("Enter");
  await expect(dialog.getByText(/must be at least 30 points below/).first()).toBeVisible();
  await expect(dialog.getByLabel("CPU: scale in below (%)")).toHaveAttribute("aria-invalid", "true");
  await reviewShot(page, "autoscaling-edit-refused");

  // A minimum above the running replicas: saved, and the evaluator scales out to it without a redeploy.
  await dialog.getByLabel("CPU: scale in below (%)").fill("20");
  await dialog.getByLabel("Minimum instances").fill("3");
  await dialog.getByRole("button", { name: "Save rule" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("edited here");
  await expect(row.getByTestId("replicas")).toContainText("(3–4, step 1)");
  await expect(row.getByTestId("replicas")).toHaveText("3 (3–4, step 1)", { timeout: 60_000 });
  expect(await rule()).toMatchObject({ source: "console", minInstances: 3 });
  const decision = page.getByTestId("recent-decisions").getByTestId("decision").filter({ hasText: "Scaled out" }).first();
  await expect(decision).toContainText("2 → 3", { timeout: 60_000 });
  await expect(decision).toContainText("below the rule's minimum");
  await expect.poll(async () => (await rule())?.replicas, { timeout: 60_000 }).toBe(3);
  await reviewShot(page, "autoscaling-after-edit");

  // The service's chart: the thresholds and a marker at the scale-out whose tooltip explains it.
  await page.goto(`/applications/${appId}`);
  await expect(page.getByTestId("running-web")).toHaveText("3/3 running", { timeout: 240_000 });
  await page.getByTestId("service-web").getByRole("button", { name: "Metrics", exact: true }).click();
  const chart = page.getByTestId("service-metrics-web");
  await chart.getByRole("button", { name: "15 min" }).click();
  await expect(chart.getByTestId("legend-cpu-avg")).not.toContainText("—", { timeout: 120_000 });
  await expect(chart.getByTestId("chart-panel-cpu")).toContainText("scale out > 70 %");
  const marker = chart.locator('[data-testid="decision-marker"][data-direction="out"]').first();
  await expect(marker).toBeVisible();
  await marker.focus();
  await expect(chart.getByTestId("decision-explanation")).toContainText("below the rule's minimum");
  await reviewShot(page, "autoscaling-decision-marker");

  // Off: the switch, by keyboard.
  await page.goto("/autoscaling");
  const toggle = page.getByRole("switch", { name: "Autoscaling of elastic/web" });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  // Disabled until the page knows the person may manage rules (their role loads after the rules).
  await expect(toggle).toBeEnabled();
  await toggle.focus();
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  expect((await rule())?.enabled).toBe(false);
  await reviewShot(page, "autoscaling-disabled");
});
