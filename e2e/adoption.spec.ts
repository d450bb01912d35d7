/**
 * Adopting what already runs, as a person clicks through it on a real one-machine swarm: a service
 * created with the docker CLI on the machine's engine shows on the cluster page under "Running
 * outside Wharf"; the person adopts it (the preview says nothing restarts), lands on the new
 * application showing it running, and its task and container are the ones that ran before. Scaling
 * it to 2 through the application page adds a task and leaves the original one running.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { E2E_REGISTRY, stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

let machines: Machine[] = [];
// A private client config for `docker login` (never ~/.docker), removed with the machines.
const dockerConfig = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-adopt-"));

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
  rmSync(dockerConfig, { recursive: true, force: true });
});

test("a service created with the docker CLI is adopted without a restart, then scaled through Wharf", async ({ page, baseURL }) => {
  test.setTimeout(420_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "adopt", name: "Adopt Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "adoption", [{ name: "wae1", index: 241 }]);
  machines = cluster.machines;

  // Outside Wharf: the docker CLI on the manager's engine (dnsrr: no routing mesh or VIP here).
  const docker = (args: string[], input?: string) =>
    execFileSync("docker", ["-H", `unix://${machines[0]?.node.socketPath}`, ...args], {
      env: { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_CLI_HINTS: "false" },
      input,
      encoding: "utf8",
    }).trim();
  docker(["login", E2E_REGISTRY.pull, "-u", "token", "--password-stdin"], token);
  docker([
    "service",
    "create",
    "--detach",
    "--with-registry-auth",
    "--no-resolve-image",
    "--endpoint-mode",
    "dnsrr",
    "--name",
    "legacy-web",
    "--env",
    "GREETING=hello",
    images.busybox,
    "sleep",
    "3600",
  ]);
  const runningTasks = () =>
    docker(["service", "ps", "-q", "--filter", "desired-state=running", "legacy-web"]).split(/\s+/).filter(Boolean);
  const containers = () => docker(["ps", "-q", "--no-trunc", "--filter", "label=com.docker.swarm.service.name=legacy-web"]);
  await expect
    .poll(() => docker(["service", "ps", "--format", "{{.CurrentState}}", "--filter", "desired-state=running", "legacy-web"]), {
      timeout: 90_000,
    })
    .toMatch(/^Running /);
  const [taskBefore] = runningTasks();
  const containerBefore = containers();
  expect(taskBefore).toBeTruthy();
  expect(containerBefore).toMatch(/^[0-9a-f]{64}$/);

  // The cluster page lists it, with its image and tasks.
  await page.goto(`/clusters/${cluster.clusterId}`);
  const card = page.getByRole("table", { name: "Running outside Wharf" });
  const row = card.getByTestId("foreign-legacy-web");
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("service");
  await expect(row).toContainText(images.busybox);
  await expect(row).toContainText("1/1 running");

  // Adopt…: the name is prefilled; an invalid one is refused under the field, then the preview comes by itself.
  const adoptButton = row.getByRole("button", { name: /^Adopt…/ });
  await adoptButton.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Adopt the service legacy-web" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await adoptButton.click();
  const name = dialog.getByLabel("Application name");
  await expect(name).toHaveValue("legacy-web");
  await expect(name).toBeFocused();
  await name.fill("Legacy Web");
  await expect(dialog.getByText("Name must be 1-32 lowercase letters, digits or hyphens")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Adopt", exact: true })).toBeDisabled();
  await name.fill("legacy-web");
  const plan = dialog.getByTestId("adoption-plan");
  await expect(plan).toContainText("Adopting restarts nothing: the template reproduces every service as it runs", { timeout: 60_000 });
  const compose = plan.getByLabel("Compose template");
  await expect(compose).toContainText("wharf.adopted: legacy-web");
  await expect(compose).toContainText(images.busybox);
  await expect(compose).toContainText("GREETING");
  await expect(dialog.getByRole("button", { name: "Adopt", exact: true })).toBeEnabled();
  await reviewShot(page, "adopt-service");

  // Enter submits; the new application's page shows it running.
  await name.press("Enter");
  await expect(page).toHaveURL(/\/applications\/[^/]+$/, { timeout: 60_000 });
  const appId = page.url().split("/").pop() ?? "";
  await expect(page.getByRole("heading", { name: "legacy-web", exact: true })).toBeVisible();
  const service = page.getByTestId("service-legacy-web");
  await expect(page.getByTestId("running-legacy-web")).toHaveText("1/1 running", { timeout: 60_000 });
  await expect(service).toContainText((taskBefore ?? "").slice(0, 10));
  // Its first deployment (Wharf's labels on the service) has finished…
  const latestDeployment = async () =>
    ((await (await page.request.get(`/api/v1/applications/${appId}/deployments?limit=1`)).json()) as { items: Array<{ status: string }> })
      .items[0]?.status;
  await expect.poll(latestDeployment, { timeout: 120_000 }).toBe("SUCCEEDED");
  // …and the task and its container are the ones that ran before.
  expect(runningTasks()).toEqual([taskBefore]);
  expect(containers()).toBe(containerBefore);
  await expect(page.getByTestId("running-legacy-web")).toHaveText("1/1 running");
  await reviewShot(page, "adopt-service-application");

  // Scaled to 2 through Wharf: a second task, and the original one still running.
  await page.getByLabel("Replicas of legacy-web").fill("2");
  await service.getByRole("button", { name: "Scale" }).click();
  await expect(page.getByTestId("running-legacy-web")).toHaveText("2/2 running", { timeout: 120_000 });
  const after = runningTasks();
  expect(after).toHaveLength(2);
  expect(after).toContain(taskBefore);
  expect(containers()).toContain(containerBefore);
  await reviewShot(page, "adopt-service-scaled");

  // The cluster page no longer lists it as running outside Wharf.
  await page.goto(`/clusters/${cluster.clusterId}`);
  await expect(page.getByText("Nothing runs outside Wharf")).toBeVisible({ timeout: 60_000 });

  // Clean up through the API: deleting the application removes its service.
  const removed = await page.request.delete(`/api/v1/applications/${appId}`, { headers: { origin } });
  expect(removed.status(), await removed.text()).toBeLessThan(300);
  await expect.poll(() => docker(["service", "ls", "-q", "--filter", "name=legacy-web"]), { timeout: 120_000 }).toBe("");
});
