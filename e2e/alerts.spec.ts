/**
 * Alerts in the console on a real one-node swarm, with the e2e stack's Prometheus and
 * Alertmanager: a person adds a webhook channel (its signing secret shown once) pointing at a
 * receiver this test runs, sends it a test notification and sees it delivered; a CPU rule on a
 * service that burns a core fires (Prometheus) and is turned off; a "node unreachable" rule that
 * notifies the channel fires when the machine's agent stops, and a signed `alert.firing`
 * notification arrives. A silence made from the alert is listed and expired; the agent comes back
 * and the alert resolves in the history.
 */
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signUpWithApiToken } from "./support/accounts";
import { stopMachine, type Machine } from "./support/agent-harness";
import { reviewShot } from "./support/screenshot";
import { imagesAndCluster } from "./support/workspace";

type Received = { event: string; timestamp: string; signature: string; body: string };

/** A webhook receiver on loopback that keeps what it is sent and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({
        event: String(req.headers["x-wharf-event"] ?? ""),
        timestamp: String(req.headers["x-wharf-timestamp"] ?? ""),
        signature: String(req.headers["x-wharf-signature"] ?? ""),
        body,
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/wharf`, received, server };
}

const validSignature = (secret: string, r: Received) =>
  r.signature === `sha256=${createHmac("sha256", secret).update(`${r.timestamp}.${r.body}`).digest("hex")}`;

/** The agent again, from its state directory (its credential is there; no join token this time). */
function restartAgent(machine: Machine): void {
  const args = machine.agent?.spawnargs.slice(1) ?? [];
  const at = args.indexOf("--token-file");
  if (at >= 0) args.splice(at, 2);
  machine.agent = spawn(process.execPath, args, { stdio: "ignore" });
}

let machines: Machine[] = [];
let receiverServer: Server | null = null;

test.afterAll(async () => {
  for (const m of machines) await stopMachine(m);
  receiverServer?.close();
});

test("a webhook channel tested; a CPU rule and a node-unreachable rule firing in the console, the latter notifying the channel; a silence; the alert resolved", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const origin = baseURL ?? "";
  const { slug, token } = await signUpWithApiToken(page.request, origin, { emailPrefix: "alerts", name: "Alert Person" });
  const receiver = await startReceiver();
  receiverServer = receiver.server;

  // Before any rule: what to do next.
  await page.goto("/alerts");
  await expect(page.getByText("No alert rules yet")).toBeVisible();
  await reviewShot(page, "alerts-empty");

  // A webhook channel: its signing secret is shown once.
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Channels" }).click();
  await page.getByRole("button", { name: "Add channel" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("Webhook", { exact: true }).click();
  await dialog.getByLabel("Name").fill("ops hook");
  await dialog.getByLabel("URL").fill("not a url");
  await dialog.getByRole("button", { name: "Add channel" }).click();
  await expect(dialog.getByText("must be an http(s) URL")).toBeVisible();
  await dialog.getByLabel("URL").fill(receiver.url);
  await dialog.getByRole("button", { name: "Add channel" }).click();
  const secret = (await dialog.getByTestId("channel-secret").innerText()).trim();
  expect(secret.length).toBeGreaterThan(20);
  await reviewShot(page, "alerts-channel-secret");
  await dialog.getByRole("button", { name: "Done" }).click();
  const channel = page.getByTestId("channel-ops hook");
  await expect(channel.getByTestId("channel-target")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+$/);

  // Send test: delivered, signed, and in the delivery log.
  await channel.getByRole("button", { name: "Send a test notification to ops hook" }).click();
  const result = page.getByTestId("test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("HTTP 200");
  expect(receiver.received).toHaveLength(1);
  expect(receiver.received[0]?.event).toBe("alert.test");
  expect(validSignature(secret, receiver.received[0] as Received)).toBe(true);
  await channel.getByRole("button", { name: "Deliveries" }).click();
  await expect(page.getByTestId("deliveries").getByTestId("delivery").first()).toHaveAttribute("data-status", "SUCCEEDED");
  await reviewShot(page, "alerts-channel-tested");

  // A one-node cluster running a service that burns a core.
  const { images, cluster } = await imagesAndCluster(page.request, origin, { slug, token }, "alerting", [{ name: "wal1", index: 145 }]);
  machines = cluster.machines;
  const burner = `services:\n  burn:\n    image: ${images.busybox}\n    command: ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do :; done"]\n`;
  const created = await page.request.post("/api/v1/applications", {
    headers: { origin },
    data: { name: "hot", clusterId: cluster.clusterId, compose: burner },
  });
  expect(created.status(), await created.text()).toBe(201);

  // A metric rule (Prometheus): the service's CPU above 1 % at once; it fires in the console, then is turned off.
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Rules" }).click();
  await page.getByRole("button", { name: "New rule" }).click();
  await dialog.getByLabel("Name").fill("hot cpu");
  await expect(dialog.getByLabel("Kind")).toHaveValue("SERVICE_CPU");
  await dialog.getByLabel("Threshold (%)").fill("abc");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog.getByText("must be a number")).toBeVisible();
  await dialog.getByLabel("Threshold (%)").fill("1");
  await dialog.getByLabel("For", { exact: true }).selectOption({ label: "at once" });
  await dialog.getByLabel("Application").selectOption({ label: "hot" });
  await dialog.getByLabel("Service").selectOption("burn");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog).toBeHidden();
  const cpuRule = page.getByTestId("alert-rule-hot cpu");
  await expect(cpuRule.getByTestId("rule-condition")).toHaveText("Service CPU: above 1 %");
  await expect(cpuRule).toContainText("hot/burn");
  await expect(cpuRule.getByTestId("rule-state")).toHaveText("1 firing", { timeout: 180_000 });
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Alerts" }).click();
  await expect(
    page.getByTestId("firing-now").getByTestId("alert").filter({ hasText: "hot cpu" }).getByTestId("alert-summary"),
  ).toContainText("CPU of hot/burn");
  await reviewShot(page, "alerts-cpu-firing");
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Rules" }).click();
  const cpuSwitch = page.getByRole("switch", { name: "Alert rule hot cpu" });
  await cpuSwitch.click();
  await expect(cpuSwitch).toHaveAttribute("aria-checked", "false");
  await expect(cpuRule.getByTestId("rule-state")).toHaveText("off");

  // An event rule (Wharf): the node unreachable, made in the dialog by keyboard where it can be.
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Rules" }).click();
  await page.getByRole("button", { name: "New rule" }).click();
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await page.keyboard.type("machine lost");
  await dialog.getByLabel("Kind").selectOption({ label: "Node unreachable or down" });
  await expect(dialog.getByLabel("Threshold (%)")).toHaveCount(0);
  await dialog.getByLabel("Cluster").selectOption({ label: "alerting" });
  await dialog.getByText("critical", { exact: true }).click();
  await dialog.getByLabel("ops hook").check();
  await reviewShot(page, "alerts-rule-dialog");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog).toBeHidden();
  const rule = page.getByTestId("alert-rule-machine lost");
  await expect(rule).toContainText("cluster alerting");
  await expect(rule).toContainText("ops hook");
  await expect(rule.getByTestId("rule-state")).toHaveText("ok");
  await reviewShot(page, "alerts-rules");

  // The agent stops: the alert fires in the console, and the channel is notified (signed).
  const machine = machines[0] as Machine;
  machine.agent?.kill("SIGTERM");
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Alerts" }).click();
  const firing = page.getByTestId("firing-now").getByTestId("alert").filter({ hasText: "machine lost" });
  await expect(firing).toBeVisible({ timeout: 180_000 });
  await expect(firing.getByTestId("alert-summary")).toContainText("Node wal1 of cluster alerting is");
  await expect(firing).toContainText("critical");
  await expect.poll(() => receiver.received.filter((r) => r.event === "alert.firing").length, { timeout: 120_000 }).toBeGreaterThan(0);
  const notified = receiver.received.find((r) => r.event === "alert.firing") as Received;
  expect(validSignature(secret, notified)).toBe(true);
  expect((JSON.parse(notified.body) as { alert: { rule: { name: string } } }).alert.rule.name).toBe("machine lost");
  await reviewShot(page, "alerts-firing");

  // A silence from the alert, filled in with its rule and subject; listed as active, then expired.
  await firing.getByRole("button", { name: /^Silence machine lost/ }).click();
  await expect(dialog.getByLabel("Rule")).toHaveValue(/.+/);
  await dialog.getByLabel("Comment").fill("moving the machine to another rack");
  await dialog.getByText("4 hours", { exact: true }).click();
  await dialog.getByRole("button", { name: "Create silence" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Silences" }).click();
  const silence = page.getByTestId("silence").filter({ hasText: "moving the machine to another rack" });
  await expect(silence).toHaveAttribute("data-state", "active");
  await expect(silence).toContainText("machine lost");
  await reviewShot(page, "alerts-silence");
  await silence.getByRole("button", { name: /^Expire the silence/ }).click();
  await expect(silence).toHaveAttribute("data-state", "expired");

  // The agent comes back: the alert resolves, in the history and at the receiver.
  restartAgent(machine);
  await page.getByRole("navigation", { name: "Alerts" }).getByRole("link", { name: "Alerts" }).click();
  const history = page.getByTestId("alert-history");
  await history.getByLabel("State").selectOption("RESOLVED");
  await history.getByLabel("Rule").selectOption({ label: "machine lost" });
  await expect(history.getByTestId("alert").first()).toHaveAttribute("data-state", "RESOLVED", { timeout: 180_000 });
  await expect(page.getByTestId("firing-now").getByTestId("alert").filter({ hasText: "machine lost" })).toHaveCount(0);
  await expect
    .poll(() => receiver.received.some((r) => r.event === "alert.resolved" && validSignature(secret, r)), { timeout: 120_000 })
    .toBe(true);
  await reviewShot(page, "alerts-resolved");
});
