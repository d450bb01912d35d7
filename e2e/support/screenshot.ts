import type { Page } from "@playwright/test";

/** Saves a review screenshot under e2e/screenshots/ (git-ignored), named after the page. */
export async function reviewShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}
