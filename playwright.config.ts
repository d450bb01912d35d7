import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (no browser download) against a running Wharf; the test
 * script starts one on its own port and database and sets E2E_BASE_URL.
 */
export default defineConfig({
  testDir: "e2e",
  // The installation's first account (its operator) is made before any spec: e2e/setup/first-account.ts.
  globalSetup: "./e2e/setup/first-account.ts",
  // Stand-ins a spec started for this run stop with it: e2e/setup/stop-standins.ts.
  globalTeardown: "./e2e/setup/stop-standins.ts",
  outputDir: ".wharf/test-results/e2e-artifacts",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000",
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
