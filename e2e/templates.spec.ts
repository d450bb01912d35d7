/**
 * The template gallery on the New application page, on a real one-machine swarm: a built-in
 * template (the scheduled worker) is picked, its variables asked in a form — the worker image
 * answered with this run's image in the hosted registry, which is what makes it deployable here —
 * previewed and deployed, and its job's output read in the live logs; the form is saved as an
 * organisation template, shows up in the gallery with its answers as defaults, and is deleted with
 * confirmation.
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

test("pick a gallery template, fill its variables, preview, deploy; save the form as an organisation template and delete it", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "templates", name: "Template Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "templates", [{ name: "wtp1", index: 161 }]);
  machines = cluster.machines;

  await page.goto("/applications");
  await page.getByRole("link", { name: "New application" }).first().click();
  const gallery = page.getByRole("heading", { name: "Start from a template" });
  await expect(gallery).toBeVisible();
  for (const name of ["Web + database", "WordPress + MariaDB", "Redis primary + replicas", "Scheduled worker"]) {
    await expect(page.getByRole("button", { name: `Use template ${name}` })).toBeVisible();
  }
  await expect(page.getByTestId("organization-templates-empty")).toContainText("Save as template");
  await reviewShot(page, "templates-gallery");

  // The variables form: defaults filled in; the image answered with this run's registry image.
  await page.getByRole("button", { name: "Use template Scheduled worker" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Start from “Scheduled worker”" })).toBeVisible();
  await expect(dialog.getByLabel("Worker image")).toHaveValue("busybox:1.36");
  await expect(dialog.getByLabel("Every (seconds)")).toHaveValue("3600");
  await dialog.getByLabel("Worker image").fill(images.busybox);
  await dialog.getByLabel("Command").fill("echo templated-run-ok");
  await dialog.getByLabel("Every (seconds)").fill("5");
  await reviewShot(page, "templates-variables");
  await dialog.getByRole("button", { name: "Use template", exact: true }).click();
  await expect(dialog).toBeHidden();

  // The form now holds the template: the suggested name, and the answers as the application's variables.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("worker");
  await expect(page.getByText("Started from the template “Scheduled worker”")).toBeVisible();
  await expect(page.getByLabel("Variable 1 name")).toHaveValue("WORKER_IMAGE");
  await expect(page.getByLabel("Variable 1 value")).toHaveValue(images.busybox);
  await expect(page.getByLabel("Variable 2 value")).toHaveValue("echo templated-run-ok");

  await page.getByRole("button", { name: "Preview" }).click();
  const plan = page.getByTestId("deploy-plan");
  await expect(plan).toBeVisible();
  await expect(plan.getByRole("cell", { name: /^worker/ })).toBeVisible();
  await expect(plan).toContainText("will create");
  await expect(plan).toContainText(images.busybox);
  await reviewShot(page, "templates-preview");

  // Save the form as the organisation's own template; it joins the gallery at once.
  await page.getByRole("button", { name: "Save as template" }).click();
  const save = page.getByRole("dialog");
  await save.getByLabel("Template name").fill("Five-second job");
  await save.getByLabel("Description").fill("Our worker image running a command every five seconds.");
  await expect(save.getByText(`WORKER_IMAGE = ${images.busybox}`)).toBeVisible();
  await reviewShot(page, "templates-save-dialog");
  await save.getByRole("button", { name: "Save template" }).click();
  await expect(save).toBeHidden();
  await expect(page.getByText("Saved the template “Five-second job”")).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Five-second job" }) });
  await expect(card).toContainText("Saved by");
  await expect(page.getByTestId("organization-templates-empty")).toHaveCount(0);
  await reviewShot(page, "templates-saved");

  // Deploy: the job runs on the machine, and its output (the command from the form) is in the logs.
  await page.getByRole("button", { name: "Deploy" }).click();
  await expect(page.getByRole("heading", { name: "worker", exact: true })).toBeVisible();
  await expect(page.getByTestId("running-worker")).toHaveText("1/1 running", { timeout: 240_000 });
  await page.getByTestId("service-worker").getByRole("button", { name: "Logs" }).click();
  await expect(page.getByTestId("log-lines")).toContainText("templated-run-ok", { timeout: 60_000 });
  await reviewShot(page, "templates-deployed");

  // The saved template asks the same questions, with this form's answers as defaults.
  await page.goto("/applications/new");
  await page.getByRole("button", { name: "Use template Five-second job" }).click();
  await expect(page.getByRole("dialog").getByLabel("Worker image")).toHaveValue(images.busybox);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // Delete, with confirmation: the empty state is back.
  await page.getByRole("button", { name: "Delete template Five-second job" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm).toContainText("Applications already created from it keep running unchanged.");
  await confirm.getByRole("button", { name: "Delete template" }).click();
  await expect(page.getByRole("button", { name: "Use template Five-second job" })).toHaveCount(0);
  await expect(page.getByTestId("organization-templates-empty")).toBeVisible();
});
