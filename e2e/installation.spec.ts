/**
 * Issue 9, finding 5g in the console: the installation's first account is its operator and sees
 * Settings → Installation, where it sets another organisation's quota with the keyboard; that
 * organisation then gets a clear message when it reaches it. Everyone else sees no Installation tab.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { reviewShot } from "./support/screenshot";
import { FIRST_ACCOUNT_FILE, type FirstAccount } from "./setup/first-account";

const firstAccount = (): FirstAccount | null => {
  try {
    return JSON.parse(readFileSync(FIRST_ACCOUNT_FILE, "utf8")) as FirstAccount;
  } catch {
    return null;
  }
};

/** A second organisation, signed in in a browser context of its own. */
async function otherOrganisation(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  const name = `Bravo ${Date.now().toString(36)}`;
  const { slug } = await signUpViaApi(context.request, new URL(baseURL).origin, {
    emailPrefix: "bravo",
    name: "Bea Bravo",
    organizationName: name,
  });
  return { context, page: await context.newPage(), name, slug };
}

test("the first account runs the installation: sets a quota that another organisation then meets", async ({ page, browser, baseURL }) => {
  const operator = firstAccount();
  test.skip(
    !operator?.isOperator,
    "needs an installation whose first account the global setup made (npm test starts one with a fresh database)",
  );
  if (!operator || !baseURL) return;
  const bravo = await otherOrganisation(browser, baseURL);

  // The operator signs in and finds the Installation tab in Settings.
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(operator.email);
  await page.getByLabel("Password").fill(operator.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard/);
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Installation" }).click();
  await expect(page.getByRole("heading", { name: "Organisations" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run garbage collection" })).toBeEnabled();
  const row = page.getByTestId(`installation-org-${bravo.slug}`);
  await expect(row).toContainText(bravo.name);

  // Keyboard only: open the form, type the limit, Enter saves.
  await row.getByRole("button", { name: `Edit quotas of ${bravo.name}` }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Clusters")).toBeFocused();
  await page.keyboard.type("1");
  await reviewShot(page, "settings-installation-edit-quotas");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("quota-clusters")).toContainText("0 of 1");
  await expect(row).toContainText("set by an operator");
  await reviewShot(page, "settings-installation");

  // The other organisation creates one cluster, then meets the limit with a message saying what to do.
  const other = bravo.page;
  await other.goto("/clusters");
  await other.getByRole("button", { name: "Create cluster" }).first().click();
  await other.getByLabel("Name").fill("first");
  await other.getByRole("button", { name: "Create cluster" }).last().click();
  await expect(other.getByRole("heading", { name: "first" })).toBeVisible();
  await other.goto("/clusters");
  await other.getByRole("button", { name: "Create cluster" }).first().click();
  await other.getByLabel("Name").fill("second");
  await other.getByRole("button", { name: "Create cluster" }).last().click();
  const refusal = other.getByRole("dialog").getByRole("alert");
  await expect(refusal).toContainText("reached its quota of 1 cluster");
  await expect(refusal).toContainText("ask an installation operator to raise it");
  await reviewShot(other, "quota-exceeded");

  // Its settings show usage against the quota; it has no Installation tab and cannot run GC.
  await other.goto("/settings");
  await expect(other.getByTestId("quota-clusters")).toContainText("1 of 1");
  await expect(other.getByTestId("quota-clusters")).toContainText("limit reached");
  await expect(other.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Installation" })).toHaveCount(0);
  await reviewShot(other, "settings-quotas");
  await other.goto("/registries");
  await expect(other.getByRole("button", { name: "Run garbage collection" })).toBeDisabled();
  await expect(other.getByText("only an installation operator can start it")).toBeVisible();
  await reviewShot(other, "registry-gc-operators-only");

  // The operator raises it again; the same request now works.
  await page.reload();
  await row.getByRole("button", { name: `Edit quotas of ${bravo.name}` }).click();
  await dialog.getByLabel("Clusters").fill("");
  await dialog.getByRole("button", { name: "Save quotas" }).click();
  await expect(row.getByTestId("quota-clusters")).toContainText("1 of 20");
  const created = await bravo.context.request.post("/api/v1/clusters", {
    data: { name: "second" },
    headers: { origin: new URL(baseURL).origin },
  });
  expect(created.status()).toBe(201);
  await bravo.context.close();
});

test("a confirmation link that is not valid says so and points to sign-in", async ({ page }) => {
  await page.goto("/verify-email?token=wharf_verify_not-a-real-token-000000");
  await expect(page.getByRole("alert").filter({ hasText: "confirmation link" })).toContainText("not valid");
  await expect(page.getByRole("link", { name: "Go to sign in" })).toBeVisible();
});
