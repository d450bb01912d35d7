/**
 * Scheduled and one-off tasks in the console, on a real one-machine swarm: an application whose
 * job runs every ten seconds (wharf.schedule) shows it on its Jobs tab with its schedule; a person
 * opens its history (the deployment's run and the schedule's, with exit codes and logs), suspends
 * the schedule (with confirmation), runs the job now all the same (with confirmation) and sees the
 * manual run and its output, then resumes the schedule.
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

test("a scheduled job's history, run now and suspend, as a person clicks through them", async ({ page, baseURL }) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "jobs", name: "Job Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "jobs", [{ name: "wjb1", index: 233 }]);
  machines = cluster.machines;

  const compose = `services:
  web:
    image: ${images.busybox}
    command: ["sh", "-c", "sleep 3600"]
  nightly:
    image: ${images.busybox}
    command: ["sh", "-c", "echo nightly report at $$(date -u +%T); exit 0"]
    deploy:
      mode: replicated-job
      restart_policy:
        condition: none
    labels:
      wharf.schedule: "*/10 * * * * *"
      wharf.schedule.timezone: Asia/Shanghai
`;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "reports", clusterId: cluster.clusterId, compose },
  });
  expect(created.status(), await created.text()).toBe(201);
  const appId = ((await created.json()) as { application: { id: string } }).application.id;

  await page.goto(`/applications/${appId}`);
  await page.getByRole("tab", { name: "jobs" }).click();
  const row = page.getByTestId("job-nightly");
  await expect(row).toContainText("*/10 * * * * *");
  await expect(row).toContainText("Asia/Shanghai");
  await expect(row).toContainText("replicated-job");
  // the long-running service is not a job
  await expect(page.getByTestId("job-web")).toHaveCount(0);

  // History: the deployment's run, then the schedule's.
  await row.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("table", { name: "Runs of nightly" });
  await expect(history.getByTestId("job-run").filter({ hasText: "deployment" })).toContainText("succeeded", { timeout: 240_000 });
  // one finished scheduled run, pinned by its tick (newer runs keep arriving every ten seconds)
  const finishedRun = history.getByTestId("job-run").filter({ hasText: "schedule" }).filter({ hasText: "succeeded" }).first();
  await expect(finishedRun).toBeVisible({ timeout: 60_000 });
  const tickText = (await finishedRun.getByText(/^tick /).textContent()) ?? "";
  expect(tickText).toMatch(/^tick \d\d:\d\d:\d0 UTC$/);
  const scheduled = history.getByTestId("job-run").filter({ hasText: tickText });
  await scheduled.getByRole("button", { name: "Logs" }).click();
  await expect(page.getByLabel("Logs of the run")).toContainText(/nightly report at \d\d:\d\d:\d\d/);
  await reviewShot(page, "jobs-history");
  await history.getByRole("button", { name: "Hide logs" }).click();

  // Suspend asks first; the schedule shows as suspended, with Resume in place of Suspend.
  await row.getByRole("button", { name: "Suspend" }).click();
  const confirmSuspend = page.getByRole("dialog");
  await expect(confirmSuspend).toContainText("the ticks missed meanwhile are not caught up");
  await confirmSuspend.getByRole("button", { name: "Suspend schedule" }).click();
  await expect(confirmSuspend).toBeHidden();
  await expect(row).toContainText("suspended");
  await expect(row.getByRole("button", { name: "Resume" })).toBeVisible();
  await reviewShot(page, "jobs-suspended");
  // a run the schedule started just before is left to finish
  await expect(history.getByTestId("job-run").filter({ hasText: /running|pending/ })).toHaveCount(0, { timeout: 30_000 });

  // While suspended, Run now still runs it: it asks first, then the manual run shows with who asked, its exit code and its output.
  await row.getByRole("button", { name: "Run now" }).click();
  const confirmRun = page.getByRole("dialog");
  await expect(confirmRun.getByRole("heading", { name: "Run nightly now?" })).toBeVisible();
  await confirmRun.getByRole("button", { name: "Run now" }).click();
  await expect(confirmRun).toBeHidden();
  const manual = history.getByTestId("job-run").filter({ hasText: "run now" });
  await expect(manual).toContainText("by jobs", { ignoreCase: true });
  await expect(manual).toContainText("succeeded", { timeout: 60_000 });
  await expect(manual.getByRole("cell").nth(4)).toHaveText("0");
  await manual.getByRole("button", { name: "Logs" }).click();
  await expect(page.getByLabel("Logs of the run")).toContainText("nightly report at");
  await reviewShot(page, "jobs-run-now");

  await row.getByRole("button", { name: "Resume" }).click();
  await expect(row.getByRole("button", { name: "Suspend" })).toBeVisible();
  await expect(row).not.toContainText("suspended");
});
