import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { pushAs } from "../tests/support/registry-images";
import { ensureDockerEngine, ensureTestImages } from "../tests/support/runtime/docker-env";
import { sameHostRegistry } from "../tests/support/same-host-registry";
import { signUpWithApiToken } from "./support/accounts";
import { reviewShot } from "./support/screenshot";

const dockerConfig = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-docker-"));

function docker(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "docker",
      args,
      { env: { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: "0" }, timeout: 120_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`docker ${args[0]} failed: ${stderr}`)) : resolve(stdout)),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** An image of its own (a random layer on busybox), so its tag has a digest no other tag shares. */
async function buildUnique(ref: string) {
  const ctx = mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-img-"));
  writeFileSync(path.join(ctx, "payload"), randomBytes(512 * 1024));
  writeFileSync(path.join(ctx, "Dockerfile"), "FROM wharf-test/busybox:1\nCOPY payload /payload\n");
  await docker(["build", "-q", "-t", ref, ctx]);
  rmSync(ctx, { recursive: true, force: true });
}

/** A loopback webhook receiver (the only place this test sends webhooks). */
const hooks: string[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => (hooks.push(body), res.writeHead(204).end()));
});

test.beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
test.afterAll(() => {
  rmSync(dockerConfig, { recursive: true, force: true });
  receiver.close();
});

test("browse repositories and tags, delete a tag, add an external registry", async ({ page, baseURL }) => {
  await ensureDockerEngine();
  await ensureTestImages();
  const { token } = await signUpWithApiToken(page.request, baseURL ?? "", {
    emailPrefix: "reg",
    name: "Registry Person",
    organizationName: "Harbour Works",
    tokenName: "ci",
  });
  const overview = (await (await page.request.get("/api/v1/registry")).json()) as { host: string; namespace: string };
  const repo = `${overview.host}/${overview.namespace}/web`;

  // Push as CI would: docker login with the API token, then two images under three tags.
  await expect.poll(async () => (await (await page.request.get("/api/v1/registry")).json()).reachable, { timeout: 30_000 }).toBe(true);
  expect(await docker(["login", overview.host, "-u", "token", "--password-stdin"], token)).toContain("Login Succeeded");
  await docker(["tag", "wharf-test/busybox:1", `${repo}:1.0`]);
  await docker(["tag", "wharf-test/busybox:1", `${repo}:latest`]);
  for (const rc of ["2.0-rc1", "2.0-rc2"]) await buildUnique(`${repo}:${rc}`);
  for (const tag of ["1.0", "latest", "2.0-rc1", "2.0-rc2"]) await docker(["push", `${repo}:${tag}`]);

  await page.goto("/registries");
  await expect(page.getByRole("heading", { name: "Hosted registry" })).toBeVisible();
  await expect(page.getByText("online")).toBeVisible();
  const row = page.getByTestId("repository-web");
  await expect(row).toContainText(`${repo}`, { timeout: 20_000 });
  await expect(row).toContainText("4");
  await reviewShot(page, "registry-repositories");

  await row.getByRole("link", { name: "web" }).click();
  await expect(page.getByRole("heading", { name: "web" })).toBeVisible();
  for (const tag of ["1.0", "latest", "2.0-rc1", "2.0-rc2"]) await expect(page.getByTestId(`tag-${tag}`)).toContainText("linux/amd64");
  await expect(page.getByRole("list", { name: "Repository activity" })).toContainText("push");
  await reviewShot(page, "registry-tags");

  // Deleting 1.0 would take "latest" with it (same image): the confirmation says so. Cancel, then delete the rc.
  await page.getByRole("button", { name: "Delete tag 1.0" }).click();
  await expect(page.getByRole("dialog")).toContainText("latest");
  await reviewShot(page, "registry-delete-confirm");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Delete tag 2.0-rc1" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete tag" }).click();
  await expect(page.getByTestId("tag-2.0-rc1")).toHaveCount(0);
  await expect(page.getByTestId("tag-1.0")).toBeVisible();
  await expect(page.getByRole("list", { name: "Repository activity" })).toContainText("delete");

  // External registry: this registry as "any v2 registry", with the API token; test the connection.
  // Seen through a loopback front that serves its token endpoint on the same host:port, as real
  // registries do (test connection sends credentials only to a same-host realm).
  const front = await sameHostRegistry({ registry: overview.host, tokenEndpoint: `${baseURL}/api/registry/token` });
  await page.getByRole("link", { name: "External registries" }).click();
  await page.getByRole("button", { name: "Add registry" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Kind").selectOption("GENERIC");
  await dialog.getByLabel("Name", { exact: true }).fill("build-cache");
  await dialog.getByLabel("Host").fill(front.host);
  await dialog.getByLabel("Username").fill("token");
  await dialog.getByLabel("Password or token").fill(token);
  await dialog.getByRole("button", { name: "Save credentials" }).click();
  const ext = page.getByTestId("external-build-cache");
  await expect(ext).toContainText("not tested");
  await ext.getByRole("button", { name: "Test connection" }).click();
  await expect(ext).toContainText("connected");
  await expect(page.locator("body")).not.toContainText(token);
  await reviewShot(page, "registry-external");
  await front.close();

  // Moving the credentials to another host needs the password again.
  await ext.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog");
  await expect(edit.getByText("Leave empty to keep the stored one.")).toBeVisible();
  await edit.getByLabel("Host").fill("mirror.example.test");
  await expect(edit.getByText("Required: the stored password is only ever sent to the host it was entered for.")).toBeVisible();
  await edit.getByRole("button", { name: "Save changes" }).click();
  // the browser keeps the form open: the password field is required now
  expect(await edit.getByLabel("Password or token").evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
  await expect(edit).toBeVisible();
  await reviewShot(page, "registry-external-edit-host");
  await edit.getByLabel("Password or token").fill("entered-again-1");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(ext).toContainText("mirror.example.test");

  // Retention: a dry-run preview before saving a rule.
  await page.getByRole("link", { name: "Retention" }).click();
  await page.getByRole("button", { name: "Add rule" }).click();
  await page.getByLabel("Keep the last").fill("1");
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  // Newest first: 2.0-rc2 stays; 1.0 and latest (one image) would go.
  await expect(page.getByTestId("retention-preview")).toContainText("2 tags would be deleted");
  await reviewShot(page, "registry-retention-preview");
  await page.getByRole("button", { name: "Save rule" }).click();
  await expect(page.getByTestId("rule-*")).toContainText("keep the last 1");

  // Webhooks: the signing secret is shown once.
  await page.getByRole("link", { name: "Webhooks" }).click();
  await page.getByRole("button", { name: "Add webhook" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("ci");
  await page
    .getByRole("dialog")
    .getByLabel("URL")
    .fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`);
  await page.getByRole("dialog").getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("webhook-secret")).toContainText("wharf_whsec_");
  await reviewShot(page, "registry-webhook-secret");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("webhook-ci")).toContainText("image.push");
  // A push now reaches the receiver: registry notification → console → worker → webhook.
  await pushAs({ apiToken: token, pushHost: overview.host, local: "wharf-test/busybox:1", target: `${overview.namespace}/web:1.1` });
  await expect.poll(() => hooks.length, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(JSON.parse(hooks[0] ?? "{}")).toMatchObject({ event: "image.push", data: { tag: "1.1" } });
  await page.getByTestId("webhook-ci").getByRole("button", { name: "Deliveries" }).click();
  await expect(page.getByRole("list", { name: "Deliveries" })).toContainText("succeeded");
  await reviewShot(page, "registry-webhooks");
});
