/**
 * Charts in the console on a real one-node swarm: the agent samples its containers, the gateway
 * exposes them, the stack's Prometheus scrapes it, and the chart API reads it back. A service's
 * chart opened from its card fills with data (average and per task, values on hover, range
 * switcher), a task's container chart opens from the task table, the node page has its Metrics
 * card and the dashboard shows the cluster's utilisation.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

/** Samples every 10 s, a 2 s scrape and a 30 s smoothing window: data shows within about a minute. */
const DATA_TIMEOUT = 120_000;

async function expectLegendValue(page: Page, scope: string, testId: string) {
  await expect(page.getByTestId(scope).getByTestId(testId)).not.toContainText("—", { timeout: DATA_TIMEOUT });
}

test("a service's chart, a task's container, the node's metrics and the dashboard's utilisation", async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "metrics", name: "Metrics Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "metrics", [{ name: "wmt1", index: 131 }]);
  machines = cluster.machines;
  const compose = `services:\n  web:\n    image: ${images.nodeAppV1}\n    deploy:\n      replicas: 2\n`;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "metered", clusterId: cluster.clusterId, compose },
  });
  expect(created.status(), await created.text()).toBe(201);
  const appId = ((await created.json()) as { application: { id: string } }).application.id;

  await page.goto(`/applications/${appId}`);
  await expect(page.getByTestId("running-web")).toHaveText("2/2 running", { timeout: 240_000 });

  // The service's chart: opened from its card, it fills with the average and one line per task.
  const card = page.getByTestId("service-web");
  await card.getByRole("button", { name: "Metrics", exact: true }).click();
  const chart = page.getByTestId("service-metrics-web");
  await expect(chart).toBeVisible();
  await expectLegendValue(page, "service-metrics-web", "legend-cpu-avg");
  await expectLegendValue(page, "service-metrics-web", "legend-memory-avg");
  await expect(chart.getByTestId("chart-panel-cpu").locator('[data-testid^="legend-cpu-task:"]')).toHaveCount(2, { timeout: DATA_TIMEOUT });
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(chart.getByRole("button", { name: "1 h" })).toHaveAttribute("aria-pressed", "true");

  // 15 minutes: the switcher says so and the chart still has data.
  await chart.getByRole("button", { name: "15 min" }).click();
  await expect(chart.getByRole("button", { name: "15 min" })).toHaveAttribute("aria-pressed", "true");
  await expectLegendValue(page, "service-metrics-web", "legend-cpu-avg");

  // Hover values: every series at the instant under the pointer, at the right end of the plot (the
  // panel keeps 28 px of margin on the right). A 15-minute panel has about one pixel per 5-second
  // point, so the pointer moves again while the first samples are still only a pixel or two wide.
  const memory = chart.getByTestId("chart-panel-memory");
  const plot = memory.locator("svg.recharts-surface");
  await plot.scrollIntoViewIfNeeded();
  await expect
    .poll(
      async () => {
        const box = await plot.boundingBox();
        if (!box) return "";
        await page.mouse.move(0, 0);
        await plot.hover({ position: { x: box.width - 29, y: box.height / 2 } });
        return memory.locator(".recharts-tooltip-wrapper").innerText();
      },
      { timeout: DATA_TIMEOUT, intervals: [2_000] },
    )
    .toMatch(/Average\s*\d+(\.\d+)? %/);
  await reviewShot(page, "metrics-service-chart");

  // A task's container, from the task table.
  await card
    .getByRole("button", { name: /^Metrics of web\./ })
    .first()
    .click();
  const task = page.getByTestId("task-metrics");
  await expect(task).toBeVisible();
  await expectLegendValue(page, "task-metrics", "legend-memory-used");
  await expect(task.getByTestId("legend-memory-limit")).not.toContainText("—");
  await reviewShot(page, "metrics-task-chart");

  // The node's page: a Metrics card with CPU, memory used of total, network.
  const nodes = (await (await page.request.get(`/api/v1/clusters/${cluster.clusterId}/nodes`)).json()) as { items: Array<{ id: string }> };
  await page.goto(`/clusters/${cluster.clusterId}/nodes/${nodes.items[0]?.id}`);
  await expectLegendValue(page, "node-metrics", "legend-cpu-cpu");
  await expectLegendValue(page, "node-metrics", "legend-memory-total");
  await page.getByTestId("node-metrics").getByRole("button", { name: "24 h" }).click();
  await expect(page.getByTestId("node-metrics").getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
  await expectLegendValue(page, "node-metrics", "legend-cpu-cpu");
  await reviewShot(page, "metrics-node");

  // The dashboard: the cluster's machine with its CPU and memory now and a sparkline of the hour.
  await page.goto("/dashboard");
  const utilisation = page.getByTestId("utilisation-metrics");
  await expect(utilisation.getByRole("link", { name: "wmt1" })).toBeVisible();
  await expect(utilisation.getByRole("meter", { name: "CPU" })).toBeVisible();
  await expect(utilisation.getByText(/CPU \d+(\.\d)? % · memory \d+(\.\d)? %/)).toBeVisible({ timeout: DATA_TIMEOUT });
  await expect(utilisation.getByRole("img", { name: "CPU of wmt1 over the last hour" })).toBeVisible({ timeout: DATA_TIMEOUT });
  await reviewShot(page, "metrics-dashboard");
});
