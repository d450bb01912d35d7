import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster, labelLoadBalancerHost } from "./support/workspace";

/** The example template from MISSION.md, with a locally built image (from our registry) in place of nginx. */
function missionExample(image: string): string {
  const yaml = readFileSync("e2e/fixtures/mission-example.yml", "utf8");
  if (!yaml.includes("image: nginx:latest")) throw new Error("unexpected MISSION example");
  return yaml.replace("image: nginx:latest", `image: ${image}`);
}

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

test("create the slbtest load balancer, upload the MISSION example bound to it, deploy, see its endpoint and live backends, read its logs, scale and delete it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "apps", name: "App Person" });
  // Two machines are enough: a port bound to a load balancer is published on an engine-chosen
  // host port, so several replicas share a machine. The first runs HAProxy (wharf.lb=true).
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "mission", [
    { name: "wea1", index: 91 },
    { name: "wea2", index: 92 },
  ]);
  machines = cluster.machines;
  await labelLoadBalancerHost(page.request, origin, cluster.clusterId, "wea1");

  // The load balancer the example's label names, created in the console (HAProxy on loopback).
  await page.goto(`/clusters/${cluster.clusterId}`);
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Load balancers" }).click();
  await page.getByRole("button", { name: "Create load balancer" }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Driver")).toHaveValue("haproxy");
  await dialog.getByLabel("Name").fill("slbtest");
  await dialog.getByLabel("Listen address").fill("127.0.0.1");
  await dialog.getByRole("button", { name: "Create load balancer" }).click();
  await expect(page.getByTestId("lb-slbtest")).toBeVisible();

  await page.goto("/applications");
  await page.getByRole("link", { name: "New application" }).first().click();
  await page.getByLabel("Name").fill("mission");
  await page.locator("#compose").fill(missionExample(images.nginxStandin));
  await page.getByRole("button", { name: "Preview" }).click();

  const plan = page.getByTestId("deploy-plan");
  await expect(plan).toBeVisible();
  await expect(plan.getByRole("cell", { name: /^nginx/ })).toBeVisible();
  await expect(plan).toContainText("will create");
  await expect(plan).toContainText(images.nginxStandin);
  await expect(plan).toContainText("auto→80/tcp");
  await expect(plan).toContainText("driver ossfs");
  await expect(plan).toContainText("tcp://slbtest:8080");
  await expect(plan).toContainText("CPU > 70% → +2");
  await expect(plan).toContainText("/var/log/*.log");
  await expect(plan).not.toContainText("not applied yet in this installation: load-balancer");
  // The example declares no health check or GPUs: the image's own check applies.
  await expect(plan.getByTestId("plan-health-nginx")).toHaveText("the image's own, if any");
  // The steps the worker will run, in its order (deploy-steps.ts): the service, then convergence.
  const steps = plan.getByTestId("plan-steps");
  await expect(steps).toContainText("Create or update service mission_nginx");
  await expect(steps.getByRole("listitem").last()).toHaveText("Remove secrets, configs and networks no longer used");
  await reviewShot(page, "application-preview");

  await page.getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByRole("heading", { name: "mission", exact: true })).toBeVisible();
  const running = page.getByTestId("running-nginx");
  await expect(running).toHaveText("3/3 running", { timeout: 240_000 });
  await expect(page.getByTestId("service-nginx").getByText("running").first()).toBeVisible();
  await reviewShot(page, "application-services");

  // Its endpoint and the three live backends, as HAProxy holds them.
  const traffic = page.getByTestId("traffic-nginx");
  await expect(traffic).toContainText("tcp://127.0.0.1:8080", { timeout: 60_000 });
  await expect(traffic.getByText("up", { exact: true })).toHaveCount(3, { timeout: 60_000 });
  await reviewShot(page, "application-traffic");

  // The web answers through HAProxy on the front port; the request shows up in the live logs.
  await page.getByTestId("service-nginx").getByRole("button", { name: "Logs" }).click();
  const lines = page.getByTestId("log-lines");
  await expect(lines).toContainText("listening on 80", { timeout: 30_000 });
  const answer = await (await fetch("http://127.0.0.1:8080/e2e-probe")).text();
  expect(answer).toMatch(/^nginx-standin /);
  await expect(lines).toContainText("GET /e2e-probe 200", { timeout: 30_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Follow" })).toBeVisible();
  await reviewShot(page, "application-logs");

  // Scale 3 → 2.
  await page.getByRole("tab", { name: "services" }).click();
  await page.getByLabel("Replicas of nginx").fill("2");
  await page.getByTestId("service-nginx").getByRole("button", { name: "Scale" }).click();
  await expect(running).toHaveText("2/2 running", { timeout: 120_000 });
  await expect(page.getByTestId("traffic-nginx").getByText("up", { exact: true })).toHaveCount(2, { timeout: 60_000 });

  await page.getByRole("tab", { name: "events" }).click();
  await expect(page.getByTestId("events")).toContainText("scale.succeeded", { timeout: 60_000 });
  await reviewShot(page, "application-events");
  await page.getByRole("tab", { name: "deployments" }).click();
  await expect(page.getByText("Scale finished").first()).toBeVisible();

  // Delete, with confirmation.
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete application" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await expect
    .poll(
      async () =>
        (await page.request.get(`/api/v1/applications?limit=50`))
          .json()
          .then((j: { items: Array<{ name: string }> }) => j.items.some((a) => a.name === "mission")),
      { timeout: 120_000 },
    )
    .toBe(false);
});
