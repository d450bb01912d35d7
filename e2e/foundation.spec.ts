import { expect, test } from "@playwright/test";
import { reviewShot } from "./support/screenshot";
import { uniqueEmail } from "./support/unique";

test("sign up, invite a member, use an API token, revoke it", async ({ page, request, baseURL }) => {
  const owner = uniqueEmail("owner");
  const invitee = uniqueEmail("dev");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await reviewShot(page, "sign-in");
  // Static assets from public/: the tab icon the page links to, and robots.txt keeping crawlers out.
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(icon).toMatch(/^\/favicon\.svg/);
  const iconRes = await request.get(icon!);
  expect(iconRes.status()).toBe(200);
  expect(iconRes.headers()["content-type"]).toContain("image/svg+xml");
  expect(await (await request.get("/robots.txt")).text()).toContain("Disallow: /");

  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Olive Owner");
  await page.getByLabel("E-mail").fill(owner);
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByLabel("Organisation name").fill("Acme Shipping");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByLabel("Organisation", { exact: true }).locator("option:checked")).toHaveText("Acme Shipping");
  await expect(page.getByTestId("stat-members")).toHaveText("1");
  await expect(page.getByText("Healthy").first()).toBeVisible();
  // The control plane card covers what Wharf needs to heal itself, not only its stores.
  for (const row of ["Database", "Redis", "Workers", "Schedules", "Reconciler", "Agent bus"])
    await expect(page.getByText(row, { exact: true })).toBeVisible();
  await expect(page.getByText("all in place")).toBeVisible();
  await reviewShot(page, "dashboard");

  // Invite a member through the keyboard-friendly form.
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Organisation" })).toBeVisible();
  await reviewShot(page, "settings-general");
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("E-mail to invite").fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption("DEVELOPER");
  await page.getByRole("button", { name: "Invite" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toContainText("/invite?token=");
  await expect(page.getByRole("cell", { name: invitee })).toBeVisible();
  await reviewShot(page, "settings-members");

  // Create an API token; it is shown once.
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByRole("button", { name: "Create token" }).first().click();
  await page.getByLabel("Name").fill("ci-e2e");
  await page.getByLabel("Role").selectOption("VIEWER");
  await page.getByRole("dialog").getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^wharf_pat_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("token-ci-e2e")).toContainText("active");
  await reviewShot(page, "settings-tokens");

  // The token lists the organisation's resources through the API.
  const auth = { Authorization: `Bearer ${token}` };
  const members = await request.get(`${baseURL}/api/v1/members`, { headers: auth });
  expect(members.status()).toBe(200);
  const body = (await members.json()) as { items: Array<{ email: string }> };
  expect(body.items.map((m) => m.email)).toContain(owner);
  const invitations = await request.get(`${baseURL}/api/v1/organization`, { headers: auth });
  expect(invitations.status()).toBe(200);

  // Revoke it in the console (with confirmation); the same call now gets 401.
  await page.reload();
  await expect(page.getByTestId("token-ci-e2e").getByTestId("token-last-used")).not.toHaveText("never");
  await page.getByTestId("token-ci-e2e").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByTestId("token-ci-e2e")).toContainText("revoked");
  const after = await request.get(`${baseURL}/api/v1/members`, { headers: auth });
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");

  // The audit log shows what happened.
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByText("token.revoke")).toBeVisible();
  await expect(page.getByText("invitation.create")).toBeVisible();
  await reviewShot(page, "settings-audit-log");
});

test("an invited person joins through the link with the invited role", async ({ page, browser, baseURL }) => {
  const owner = uniqueEmail("owner2");
  const invitee = uniqueEmail("viewer");
  const api = page.request;
  const origin = { origin: baseURL ?? "" };
  expect(
    (
      await api.post("/api/v1/auth/sign-up", {
        data: { email: owner, name: "Owner Two", password: "a-long-enough-password" },
        headers: origin,
      })
    ).status(),
  ).toBe(201);
  const created = await api.post("/api/v1/invitations", { data: { email: invitee, role: "VIEWER" }, headers: origin });
  expect(created.status()).toBe(201);
  const { acceptUrl } = (await created.json()) as { acceptUrl: string };

  const guest = await browser.newPage();
  await guest.goto(new URL(acceptUrl).pathname + new URL(acceptUrl).search);
  await expect(guest.getByRole("heading", { name: /Join Owner Two/ })).toBeVisible();
  await expect(guest.getByLabel("E-mail")).toHaveValue(invitee);
  await guest.getByLabel("Your name").fill("Vera Viewer");
  await guest.getByLabel("Password").fill("another-long-password");
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest).toHaveURL(/\/dashboard/);
  await guest.goto("/settings/tokens");
  await expect(guest.getByText("Only admins and owners can manage API tokens")).toBeVisible();
  await guest.close();
});
