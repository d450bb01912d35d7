import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

test("an application changed by hand so it cannot run says it is degraded and what differs, then recovers", async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "degraded", name: "Degraded Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "degraded", [{ name: "wdg1", index: 151 }]);
  machines = cluster.machines;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "shop", clusterId: cluster.clusterId, compose: `services:\n  web:\n    image: ${images.busybox}\n` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = ((await created.json()) as { application: { id: string } }).application;

  await page.goto(`/applications/${id}`);
  await expect(page.getByTestId("running-web")).toHaveText("1/1 running", { timeout: 120_000 });

  // A placement change made on the machine, which the reconciler does not put back.
  const docker = (...args: string[]) => execFileSync("docker", ["-H", `unix://${machines[0]?.node.socketPath}`, ...args]);
  const constraint = "node.labels.wharf-test-nowhere==yes";
  docker("service", "update", "--detach", "--constraint-add", constraint, "shop_web");
  const report = page.getByRole("status").filter({ hasText: "Degraded: the cluster differs from the template" });
  await expect(report).toBeVisible({ timeout: 90_000 });
  await expect(report).toContainText(/web (runs 0 of 1 tasks; Docker says pending: no suitable node|is being updated)/, {
    timeout: 60_000,
  });
  await expect(page.getByText("degraded", { exact: true }).first()).toBeVisible();
  await reviewShot(page, "application-degraded");

  docker("service", "update", "--detach", "--constraint-rm", constraint, "shop_web");
  await expect(report).toBeHidden({ timeout: 90_000 });
  await expect(page.getByTestId("running-web")).toHaveText("1/1 running", { timeout: 60_000 });
});
