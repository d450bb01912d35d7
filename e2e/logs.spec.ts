/**
 * The Logs page on a real one-node swarm: before any store it says how to declare one; a service
 * with `aliyun.log_store_out: stdout` and `aliyun.log_store_audit: /var/log/app/*.log` writes lines
 * that the agent ships and the store keeps. A person searches them (Enter in the box, filters by
 * application, stream and store, "quoted" substrings), sees the matches marked, pages to older
 * lines, opens a line's context (Escape closes it), downloads the result set as text and NDJSON,
 * and follows the live tail, pausing it (new lines are counted, not shown) and resuming.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

let machines: Machine[] = [];

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
});

/** Five stdout lines a second, one in five followed by a stderr line, and an audit line in a file for each. */
function compose(image: string): string {
  return `services:
  worker:
    image: ${image}
    command:
      - /bin/sh
      - -c
      - |
        trap 'exit 0' TERM INT
        mkdir -p /var/log/app
        i=0
        while true; do
          i=$$((i+1))
          echo "order $$i paid by user-$$((i % 7))"
          if [ $$((i % 5)) -eq 0 ]; then echo "payment timeout for order $$i" >&2; fi
          echo "audit order $$i settled" >> /var/log/app/audit.log
          sleep 0.2
        done
    labels:
      aliyun.log_store_out: stdout
      aliyun.log_store_audit: /var/log/app/*.log
      aliyun.log_ttl_audit: 14
`;
}

type SearchJson = { items: Array<{ text: string; stream: string; store: string }> };

const lines = (page: Page) => page.getByTestId("log-results").getByTestId("log-line");

test("search with filters and highlights, older pages, a line's context, downloads, and the live tail paused and resumed", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "logs", name: "Logs Person" });

  // Before any store: what to do next.
  await page.goto("/logs");
  await expect(page.getByText("No log stores yet")).toBeVisible();
  await expect(page.getByTestId("log-labels-example")).toContainText("aliyun.log_store_app: /var/log/app/*.log");
  await reviewShot(page, "logs-empty");

  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "logs", [{ name: "wlg1", index: 141 }]);
  machines = cluster.machines;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "shop", clusterId: cluster.clusterId, compose: compose(images.busybox) },
  });
  expect(created.status(), await created.text()).toBe(201);
  const appId = ((await created.json()) as { application: { id: string } }).application.id;

  // Lines arrive: stdout, stderr and the file, each in its store. Enough for a second page.
  const count = async (query: string) => ((await (await page.request.get(`/api/v1/logs?${query}`)).json()) as SearchJson).items.length;
  await expect.poll(() => count("stream=stderr&limit=5"), { timeout: 240_000, intervals: [2_000] }).toBeGreaterThan(0);
  await expect.poll(() => count("store=audit&limit=5"), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect
    .poll(() => count(`applicationId=${appId}&store=out&limit=150`), { timeout: 120_000, intervals: [2_000] })
    .toBeGreaterThan(120);

  // The stores tab: both stores, with retention from the labels.
  await page.goto("/logs/stores");
  await expect(page.getByTestId("store-shop/worker/out")).toContainText("stdout");
  await expect(page.getByTestId("store-shop/worker/audit")).toContainText("14 days");
  await reviewShot(page, "logs-stores");

  // Search by keyboard: words, Enter; every match is marked.
  await page.getByRole("link", { name: "Search the out store of shop/worker" }).click();
  const search = page.getByRole("search", { name: "Log search" });
  await expect(search.getByLabel("Store")).toHaveValue("out");
  await search.getByLabel("Store").selectOption("");
  const box = search.getByRole("searchbox", { name: "Search text" });
  await box.fill("timeout");
  await box.press("Enter");
  await expect(lines(page).first()).toContainText("payment timeout for order");
  await expect(page).toHaveURL(/q=timeout/);
  const marks = page.getByTestId("log-results").getByTestId("log-match");
  await expect(marks.first()).toHaveText(/^timeout$/i);
  expect(await marks.count()).toBe(await lines(page).count());
  await expect(page.getByTestId("query-reading")).toContainText("timeout");
  await reviewShot(page, "logs-search-highlighted");

  // A quoted part matches as text; filters narrow by application, stream and store.
  await box.fill('"user-3"');
  await box.press("Enter");
  await expect(lines(page).first()).toContainText("paid by user-3");
  await expect(marks.first()).toHaveText("user-3");
  await box.fill("");
  await search.getByLabel("Application").selectOption({ label: "shop" });
  await search.getByLabel("Stream").selectOption("stderr");
  await expect(lines(page).first()).toContainText("payment timeout");
  await expect(lines(page).and(page.locator('[data-stream="stdout"]'))).toHaveCount(0);
  await search.getByLabel("Stream").selectOption("");
  await search.getByLabel("Store").selectOption("audit");
  await expect(lines(page).first()).toContainText(/audit order \d+ settled/);
  await expect(lines(page).and(page.locator(':not([data-stream="file"])'))).toHaveCount(0);
  await reviewShot(page, "logs-filtered-by-store");

  // Newest first, a page at a time.
  await search.getByLabel("Store").selectOption("out");
  await expect(page.getByTestId("result-count")).toContainText("100 lines so far");
  await page.getByRole("button", { name: "Load older lines" }).click();
  await expect(page.getByTestId("result-count")).toContainText(/^(1\d\d|200) lines/);
  const times = await lines(page)
    .locator("time")
    .evaluateAll((els) => els.map((e) => e.getAttribute("datetime") ?? ""));
  expect(times).toEqual([...times].sort().reverse());

  // A stderr line's context: the stdout lines its container wrote around it; Escape closes it.
  await search.getByLabel("Stream").selectOption("stderr");
  const first = lines(page).first();
  const order = /payment timeout for order (\d+)/.exec(await first.getByTestId("log-text").innerText())?.[1];
  await first.getByRole("button", { name: /^Show context of the line at/ }).click();
  const context = first.getByTestId("log-context");
  await expect(context.getByTestId("context-anchor")).toContainText(`payment timeout for order ${order}`);
  await expect(context.getByTestId("context-line").filter({ hasText: `order ${order} paid by user-` })).toBeVisible();
  await expect(
    context
      .getByTestId("context-line")
      .filter({ hasText: /order \d+ paid by user-/ })
      .first(),
  ).toBeVisible();
  await reviewShot(page, "logs-context");
  await context.getByRole("button", { name: "Hide context" }).focus();
  await page.keyboard.press("Escape");
  await expect(context).toBeHidden();
  await expect(first.getByRole("button", { name: /^Show context of the line at/ })).toBeFocused();
  await page.keyboard.press("/");
  await expect(box).toBeFocused();

  // The result set as files, with the same filters.
  const [textFile] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-text").click()]);
  const textLines = readFileSync((await textFile.path()) ?? "", "utf8")
    .split("\n")
    .filter(Boolean);
  expect(textLines.length).toBeGreaterThanOrEqual(await lines(page).count());
  for (const l of textLines) expect(l).toContain("payment timeout for order");
  const [ndjson] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-ndjson").click()]);
  const records = readFileSync((await ndjson.path()) ?? "", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { stream: string; store: string });
  expect(records.length).toBe(textLines.length);
  expect(new Set(records.map((r) => `${r.store}/${r.stream}`))).toEqual(new Set(["out/stderr"]));

  // Live tail of the application's stdout: following, paused (lines wait, counted), resumed.
  await search.getByLabel("Stream").selectOption("stdout");
  await page.getByRole("button", { name: "Live tail" }).click();
  await expect(page.getByRole("button", { name: "Live tail" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("tail-status")).toHaveText("Following new lines");
  const tail = page.getByTestId("tail-lines").getByTestId("log-line");
  await expect(tail.first()).toContainText(/order \d+ paid/);
  const seen = await tail.count();
  await expect.poll(() => tail.count(), { timeout: 15_000 }).toBeGreaterThan(seen);
  await reviewShot(page, "logs-live-tail");

  await page.getByRole("button", { name: "Pause" }).click();
  const frozen = await tail.count();
  await expect(page.getByTestId("tail-waiting")).toHaveText(/^[1-9][\d,]* new lines?$/, { timeout: 15_000 });
  await page.waitForTimeout(2_000);
  expect(await tail.count()).toBe(frozen);
  const waiting = Number((await page.getByTestId("tail-waiting").innerText()).replace(/\D/g, ""));
  await reviewShot(page, "logs-live-tail-paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("tail-status")).toHaveText("Following new lines");
  expect(await tail.count()).toBeGreaterThanOrEqual(Math.min(frozen + waiting, 2_000));

  // The node's page: what its agent shipped, and nothing dropped.
  const nodes = (await (await page.request.get(`/api/v1/clusters/${cluster.clusterId}/nodes`)).json()) as { items: Array<{ id: string }> };
  await page.goto(`/clusters/${cluster.clusterId}/nodes/${nodes.items[0]?.id}`);
  await expect(page.getByTestId("log-dropped")).toHaveText("0");
  await expect(page.getByTestId("log-last-seq")).not.toHaveText("0");
  await page.getByTestId("node-log-shipping").scrollIntoViewIfNeeded();
  await reviewShot(page, "logs-node-shipping");
});
