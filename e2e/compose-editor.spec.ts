import { expect, test } from "@playwright/test";
import { signUpViaApi } from "./support/accounts";
import { reviewShot } from "./support/screenshot";

// Line 4 is refused by the compose validation: "sometimes" is no restart policy.
const broken = `services:
  web:
    image: wharf-test/busybox:1
    restart: sometimes
    deploy:
      replicas: 2
`;

test("the compose editor shows a broken template's problem at its line as the user types, jumps to it, and previews once fixed", async ({
  page,
  baseURL,
}) => {
  const origin = baseURL ?? "";
  await signUpViaApi(page.request, origin, { emailPrefix: "editor", name: "Editor Person" });
  expect((await page.request.post("/api/v1/clusters", { data: { name: "editing" }, headers: { origin } })).status()).toBe(201);

  await page.goto("/applications");
  await page.getByRole("link", { name: "New application" }).first().click();
  await page.getByLabel("Name").fill("edited");
  const editor = page.getByRole("textbox", { name: "Compose file" });
  await editor.fill(broken);
  const box = page.getByTestId("compose-editor");
  // Line numbers, and the text as typed (the form field mirrors the editor).
  await expect(box.locator(".cm-lineNumbers .cm-gutterElement").filter({ hasText: /^6$/ })).toBeVisible();
  await expect(page.locator("#compose-text")).toHaveValue(broken);

  // Without pressing Preview: the debounced check marks line 4 in the gutter and underlines the value.
  const marker = box.locator(".cm-lint-marker-error");
  await expect(marker).toHaveCount(1);
  const lineFour = box.locator(".cm-lineNumbers .cm-gutterElement").filter({ hasText: /^4$/ });
  const [markerBox, lineBox] = [await marker.boundingBox(), await lineFour.boundingBox()];
  expect(Math.abs((markerBox?.y ?? -100) - (lineBox?.y ?? 100))).toBeLessThan(4);
  const underline = box.locator(".cm-lintRange-error");
  await expect(underline).toHaveText("sometimes");
  const problems = page.getByTestId("compose-issues");
  await expect(problems.getByRole("button")).toHaveText(/^Error · line 4:14 · services\.web\.restart: invalid restart policy "sometimes"/);
  await underline.hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText('invalid restart policy "sometimes"');
  await reviewShot(page, "compose-editor");

  // Clicking the problem puts the cursor on line 4, column 14, in the editor.
  await box.locator(".cm-line").first().click();
  await expect(box.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText("1");
  await problems.getByRole("button").click();
  await expect(editor).toBeFocused();
  await expect(box.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText("4");

  // Tab indents inside the editor; Escape then Tab leaves it.
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(editor).not.toBeFocused();

  // Fix it by typing from where the problem put the cursor (column 14, the value): the problem goes
  // away without a preview, then the preview succeeds.
  await problems.getByRole("button").click();
  await expect(editor).toBeFocused();
  await page.keyboard.press("Shift+End");
  await page.keyboard.type("always");
  await expect(page.locator("#compose-text")).toHaveValue(broken.replace("sometimes", "always"));
  await expect(marker).toHaveCount(0);
  await expect(problems).toBeHidden();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const plan = page.getByTestId("deploy-plan");
  await expect(plan).toBeVisible();
  await expect(plan).toContainText("will create");
  await expect(plan).toContainText("wharf-test/busybox:1");
  await reviewShot(page, "compose-editor-fixed");
});
