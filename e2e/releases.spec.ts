/**
 * Releases from the console on a real 2-node swarm with real HAProxy: an application whose web
 * service is bound to an HAProxy balancer (http listener on loopback) gets a blue-green release
 * (traffic moved with the slider's keyboard and a preset, live figures per colour, promoted with
 * confirmation), a canary release whose steps advance to done on their own, and a blue-green
 * release rolled back with confirmation. A bounded load
 * runs through the balancer's front port the whole time and counts answers per version.
 */
import { expect, test, type Page } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster, labelLoadBalancerHost } from "./support/workspace";
import { countsSince, startVersionLoad } from "../tests/support/version-load";

const FRONT = 18_093; // the balancer's listener on 127.0.0.1
const FRONT_URL = `http://127.0.0.1:${FRONT}/`;

const template = (image: string, version: string) => `services:
  web:
    image: ${image}
    deploy:
      replicas: 2
    ports: ["3000"]
    environment:
      APP_VERSION: ${version}
      SHUTDOWN_DELAY_MS: "1500"
    labels:
      aliyun.lb.port_3000: http://relb:${FRONT}
`;

type ReleaseJson = { state: string; step: string; toColour: "blue" | "green"; toWeight: number; stepIndex: number };
type FiguresJson = { available: boolean; live: Record<"blue" | "green", { weight: number; requestsPerSecond: number } | null> };

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

/** From the application's Versions tab: a new version with `version` in place of the running one, released with `strategy`. */
async function startRelease(
  page: Page,
  appId: string,
  options: { from: string; to: string; strategy: "blue-green" | "canary"; canary?: { steps: string; holdSeconds: string } },
) {
  await page.goto(`/applications/${appId}`);
  await page.getByRole("tab", { name: "versions" }).click();
  await page.getByRole("button", { name: "New version" }).click();
  // The editor (CodeMirror) is typed into; its text is also in a plain form field, read here.
  const compose = page.locator("#new-version-compose");
  const composeText = page.locator("#new-version-compose-text");
  await expect(composeText).toHaveValue(new RegExp(`APP_VERSION: ${options.from}`));
  await compose.fill((await composeText.inputValue()).replace(`APP_VERSION: ${options.from}`, `APP_VERSION: ${options.to}`));
  await page.getByLabel("What changed").fill(`web ${options.to}`);
  await page.getByLabel("Release strategy").selectOption(options.strategy);
  if (options.canary) {
    await expect(page.getByLabel("Hold per step (seconds)")).toHaveValue("60");
    await page.getByLabel("Steps (% of requests)").fill(options.canary.steps);
    await page.getByLabel("Hold per step (seconds)").fill(options.canary.holdSeconds);
  }
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByTestId("deploy-plan")).toBeVisible();
  await reviewShot(page, `release-new-version-${options.strategy}`);
  await page.getByRole("button", { name: `Start ${options.strategy} release` }).click();
  await expect(page).toHaveURL(/\/releases\/[a-z0-9]+$/, { timeout: 30_000 });
  return page.url().split("/").pop() ?? "";
}

test("a blue-green release moved by slider and preset and promoted, a canary that advances to done, and a rollback, from the console", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(900_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "releases", name: "Release Person" });
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "releases", [
    { name: "wrl1", index: 95 },
    { name: "wrl2", index: 96 },
  ]);
  machines = cluster.machines;
  await labelLoadBalancerHost(page.request, origin, cluster.clusterId, "wrl1");
  const lb = await page.request.post(`/api/v1/clusters/${cluster.clusterId}/load-balancers`, {
    data: { name: "relb", driver: "haproxy", settings: { bindAddress: "127.0.0.1" } },
    headers: { origin },
  });
  expect(lb.status(), await lb.text()).toBe(201);

  // No release yet: the list says how to start one.
  await page.goto("/releases");
  await expect(page.getByText("No releases yet")).toBeVisible();
  await expect(page.getByText(/open an application, choose Versions → New version and pick a release strategy/)).toBeVisible();
  await reviewShot(page, "releases-empty");

  // v1, deployed the ordinary way, answering through the balancer.
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "shop", clusterId: cluster.clusterId, compose: template(images.nodeAppV1, "v1") },
  });
  expect(created.status(), await created.text()).toBe(201);
  const appId = ((await created.json()) as { application: { id: string } }).application.id;
  await expect
    .poll(
      async () => {
        try {
          return (await (await fetch(FRONT_URL)).text()).split(" ")[0];
        } catch {
          return "unreachable";
        }
      },
      { timeout: 240_000, intervals: [1_000] },
    )
    .toBe("v1");

  // A steady ~50 requests/s: enough to see both colours answer, light beside a browser and a build.
  const load = startVersionLoad({ url: FRONT_URL, concurrency: 2, pauseMs: 40 });
  let mark = load.snapshot();
  let total;
  try {
    // Blue-green: v2 runs beside v1 as the other colour; the page shows it once it is verifying.
    const blueGreen = await startRelease(page, appId, { from: "v1", to: "v2", strategy: "blue-green" });
    const releaseJson = async (id: string) => (await (await page.request.get(`/api/v1/releases/${id}`)).json()) as ReleaseJson;
    await expect(page.getByRole("heading", { name: "shop release #1" })).toBeVisible();
    const split = page.getByTestId("traffic-split");
    await expect(split).toBeVisible({ timeout: 300_000 });
    // Weights move once green is healthy and the release waits for a decision (the server's word for it).
    await expect
      .poll(async () => (await releaseJson(blueGreen)).step, { timeout: 240_000, intervals: [1_000] })
      .toBe("Waiting for your decision");
    const first = await releaseJson(blueGreen);
    expect(first.state).toBe("verifying");
    const slider = page.getByRole("slider", { name: "Share of traffic to green" });
    await expect(slider).toBeEnabled({ timeout: 30_000 });
    const green = (toWeight: number) => (first.toColour === "green" ? toWeight : 100 - toWeight);

    // The slider by keyboard: ten steps towards green while the key is held, applied once on release.
    const start = green(first.toWeight);
    await slider.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.down("ArrowRight");
    await page.keyboard.up("ArrowRight");
    await expect.poll(async () => green((await releaseJson(blueGreen)).toWeight)).toBe(Math.min(100, start + 10));
    await expect(slider).toHaveValue(String(Math.min(100, start + 10)));

    // The 80/20 preset: blue 80 %, green 20 %; both versions answer and both colours show live figures.
    await split.getByRole("button", { name: "80/20" }).click();
    await expect.poll(async () => green((await releaseJson(blueGreen)).toWeight)).toBe(20);
    await expect(split.getByRole("button", { name: "80/20" })).toHaveAttribute("aria-pressed", "true");
    mark = load.snapshot();
    await expect
      .poll(
        async () => {
          const f = (await (await page.request.get(`/api/v1/releases/${blueGreen}/figures`)).json()) as FiguresJson;
          return (
            f.available &&
            f.live.blue !== null &&
            f.live.green !== null &&
            Math.round(f.live.green.weight) === 20 &&
            f.live.blue.requestsPerSecond > 0 &&
            f.live.green.requestsPerSecond > 0
          );
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(true);
    await expect(page.getByTestId("figures-green")).toContainText("20%");
    await expect(page.getByTestId("figures-blue")).toContainText("80%");
    await expect.poll(() => ["v1", "v2"].every((v) => (countsSince(load, mark).byVersion.get(v) ?? 0) > 0), { timeout: 30_000 }).toBe(true);
    await expect(page.getByTestId("figures-chart").locator("svg.recharts-surface").first()).toBeVisible({ timeout: 30_000 });
    // Each panel's value axis reads as distinct ticks (no "2 ms" twice from rounding 1.5 and 2).
    for (const axis of await page.getByTestId("figures-chart").locator(".recharts-yAxis").all()) {
      const ticks = await axis.locator(".recharts-cartesian-axis-tick-value").allTextContents();
      expect(new Set(ticks).size, ticks.join(" | ")).toBe(ticks.length);
    }
    await reviewShot(page, "release-blue-green-verifying");

    // Promote, with confirmation: v2 takes all traffic, v1 is drained and removed.
    await page.getByRole("button", { name: "Promote", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("is drained");
    await reviewShot(page, "release-blue-green-promote-dialog");
    await dialog.getByRole("button", { name: "Promote" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Done/ })).toBeVisible({ timeout: 240_000 });
    await expect(page.getByTestId("release-timeline")).toContainText(/promot/i);
    mark = load.snapshot();
    await expect.poll(() => countsSince(load, mark).ok, { timeout: 30_000 }).toBeGreaterThan(20);
    expect([...countsSince(load, mark).byVersion.keys()]).toEqual(["v2"]);
    await reviewShot(page, "release-blue-green-done");

    // Canary: 50 % then 100 %, five seconds each; it advances and finishes on its own.
    const canary = await startRelease(page, appId, {
      from: "v2",
      to: "v3",
      strategy: "canary",
      canary: { steps: "50, 100", holdSeconds: "5" },
    });
    await expect(page.getByRole("heading", { name: "shop release #2" })).toBeVisible();
    await expect(page.getByTestId("canary-step-0")).toHaveAttribute("data-status", "current", { timeout: 300_000 });
    await expect(page.getByTestId("canary-countdown")).toContainText("Holding 50%");
    await reviewShot(page, "release-canary-holding");
    await expect(page.getByRole("status").filter({ hasText: /^Done/ })).toBeVisible({ timeout: 240_000 });
    await expect(page.getByTestId("canary-step-0")).toHaveAttribute("data-status", "done");
    await expect(page.getByTestId("canary-step-1")).toHaveAttribute("data-status", "done");
    expect((await releaseJson(canary)).state).toBe("done");
    mark = load.snapshot();
    await expect.poll(() => countsSince(load, mark).ok, { timeout: 30_000 }).toBeGreaterThan(20);
    expect([...countsSince(load, mark).byVersion.keys()]).toEqual(["v3"]);
    await reviewShot(page, "release-canary-done");

    // A third one, blue-green, rolled back with confirmation: v3 keeps serving.
    const third = await startRelease(page, appId, { from: "v3", to: "v4", strategy: "blue-green" });
    await expect
      .poll(async () => (await releaseJson(third)).step, { timeout: 240_000, intervals: [1_000] })
      .toBe("Waiting for your decision");
    await page.getByRole("button", { name: "Roll back", exact: true }).click();
    const rollbackDialog = page.getByRole("dialog");
    await expect(rollbackDialog).toContainText("keeps serving");
    await rollbackDialog.getByRole("button", { name: "Roll back" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Rolled back/ })).toBeVisible({ timeout: 240_000 });
    expect((await releaseJson(third)).state).toBe("aborted");
    await expect(page.getByTestId("release-timeline")).toContainText(/rollback requested/i);
    mark = load.snapshot();
    await expect.poll(() => countsSince(load, mark).ok, { timeout: 30_000 }).toBeGreaterThan(20);
    expect([...countsSince(load, mark).byVersion.keys()]).toEqual(["v3"]);
    await reviewShot(page, "release-rolled-back");
  } finally {
    total = await load.stop();
  }
  // Neither release may drop a request: the balancer only moves traffic between ready colours.
  expect(total.failed, `failed requests: ${total.errors.join("; ")}`).toBe(0);

  // Both releases in the organisation's list and on the application's Releases tab.
  await page.goto("/releases");
  await expect(page.getByTestId("release-1")).toContainText("Blue-green");
  await expect(page.getByTestId("release-1")).toContainText("done");
  await expect(page.getByTestId("release-2")).toContainText("Canary");
  await expect(page.getByTestId("release-2")).toContainText("v2 → v3");
  await expect(page.getByTestId("release-3")).toContainText("aborted");
  await reviewShot(page, "releases-list");
  await page.goto(`/applications/${appId}`);
  await page.getByRole("tab", { name: "releases" }).click();
  await expect(page.getByRole("link", { name: "Release #2 of shop" })).toBeVisible();
});
