/**
 * scripts/alertmanager/run.ts with the real Alertmanager 0.25 (Debian's prometheus-alertmanager):
 * the configuration it generates passes amtool, routes everything to Wharf's receiver with the
 * bearer token from a mode-600 file (never in the configuration), groups per rule and subject, has
 * no gossip port; bad settings stop it with a clear message; the Alertmanager it runs posts to the
 * receiver with the token and stops with its runner. The scripts/prometheus configuration sends
 * alerts to ALERTMANAGER_URL's Alertmanager (or PROMETHEUS_ALERTMANAGERS, or none).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startProcess, stopProcess, waitFor } from "../../support/integration/processes";
import { startHttpReceiver } from "./support/receivers";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-alertmanager-it-"));
  dirs.push(dir);
  return dir;
};
const RUNNER = ["--import", "tsx", "scripts/alertmanager/run.ts"];
const TOKEN = "receiver-token-for-runner-test-01";

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function printConfig(env: Record<string, string>, runner = RUNNER) {
  const dataDir = tempDir();
  const proc = startProcess("alertmanager-config", [...runner, "--print-config"], {
    ALERTMANAGER_DATA_DIR: dataDir,
    PROMETHEUS_DATA_DIR: dataDir,
    ALERTMANAGER_WEBHOOK_TOKEN: TOKEN,
    ...env,
  });
  const code = await proc.exited;
  return { code, output: proc.output(), dataDir };
}

describe("the Alertmanager runner", () => {
  it("generates a configuration amtool accepts: one receiver, Wharf's, with the token in a mode-600 file", async () => {
    const { code, output, dataDir } = await printConfig({ PUBLIC_URL: "https://wharf.example.test", ALERTMANAGER_GROUP_WAIT: "3s" });
    expect(code, output).toBe(0);
    const file = path.join(dataDir, "alertmanager.yml");
    expect(execFileSync("amtool", ["check-config", file], { encoding: "utf8" })).toContain("SUCCESS");
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(TOKEN);
    const config = parse(text) as {
      route: { receiver: string; group_by: string[]; group_wait: string };
      receivers: Array<{
        name: string;
        webhook_configs: Array<{ url: string; send_resolved: boolean; http_config: { authorization: { credentials_file: string } } }>;
      }>;
    };
    expect(config.route).toMatchObject({ receiver: "wharf", group_wait: "3s" });
    expect(config.route.group_by).toEqual(expect.arrayContaining(["org", "rule", "node", "service"]));
    expect(config.receivers[0]?.webhook_configs[0]).toMatchObject({
      url: "https://wharf.example.test/api/alertmanager/webhook",
      send_resolved: true,
    });
    const tokenFile = config.receivers[0]?.webhook_configs[0]?.http_config.authorization.credentials_file ?? "";
    expect(readFileSync(tokenFile, "utf8")).toBe(TOKEN);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("stops with a clear message on bad settings", async () => {
    for (const [env, message] of [
      [{ ALERTMANAGER_GROUP_WAIT: "soon" }, "ALERTMANAGER_GROUP_WAIT"],
      [{ ALERTMANAGER_LISTEN: "http://x" }, "ALERTMANAGER_LISTEN"],
      [{ ALERTMANAGER_BINARY: "/nonexistent/alertmanager" }, "not found"],
    ] as const) {
      const { code, output } = await printConfig(env);
      expect(code).toBe(1);
      expect(output).toContain(message);
    }
  });

  it("gives Prometheus ALERTMANAGER_URL's Alertmanager, the ones named, or none", async () => {
    const prometheus = ["--import", "tsx", "scripts/prometheus/run.ts"];
    for (const [env, expected] of [
      [{ ALERTMANAGER_URL: "http://127.0.0.1:9999" }, [{ scheme: "http", static_configs: [{ targets: ["127.0.0.1:9999"] }] }]],
      [
        { PROMETHEUS_ALERTMANAGERS: "am-1.internal:9093, am-2.internal:9093" },
        [{ scheme: "http", static_configs: [{ targets: ["am-1.internal:9093", "am-2.internal:9093"] }] }],
      ],
      [{ PROMETHEUS_ALERTMANAGERS: "none" }, undefined],
    ] as const) {
      const { code, output, dataDir } = await printConfig(env, prometheus);
      expect(code, output).toBe(0);
      const file = path.join(dataDir, "prometheus.yml");
      expect(execFileSync("promtool", ["check", "config", file], { encoding: "utf8" })).toContain("SUCCESS");
      expect((parse(readFileSync(file, "utf8")) as { alerting?: { alertmanagers: unknown } }).alerting?.alertmanagers).toEqual(expected);
    }
  });

  it("runs Alertmanager, which posts alerts to the receiver with the bearer token, and stops with it", async () => {
    const receiver = await startHttpReceiver();
    const dataDir = tempDir();
    const listen = "127.0.0.1:9396";
    const runner = startProcess("alertmanager-runner", RUNNER, {
      ALERTMANAGER_DATA_DIR: dataDir,
      ALERTMANAGER_URL: `http://${listen}`,
      ALERTMANAGER_WEBHOOK_TOKEN: TOKEN,
      ALERTMANAGER_RECEIVER_URL: `${receiver.url}/api/alertmanager/webhook`,
      ALERTMANAGER_GROUP_WAIT: "1s",
      WHARF_PROCESS: "script",
      LOG_LEVEL: "info",
    });
    try {
      await waitFor("Alertmanager ready", async () => (await fetch(`http://${listen}/-/ready`).catch(() => null))?.ok, 30_000, 250);
      const status = (await (await fetch(`http://${listen}/api/v2/status`)).json()) as { cluster: { status: string } };
      expect(status.cluster.status).toBe("disabled"); // no gossip port
      const posted = await fetch(`http://${listen}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          { labels: { alertname: "wharf_node_unreachable", org: "o1", rule: "r1", node: "n1" }, annotations: { summary: "test" } },
        ]),
      });
      expect(posted.status).toBe(200);
      const hit = await waitFor("the receiver to be called", async () => receiver.hits[0], 20_000, 100);
      expect(hit.path).toBe("/api/alertmanager/webhook");
      expect(hit.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(JSON.parse(hit.body)).toMatchObject({
        version: "4",
        status: "firing",
        alerts: [{ labels: { org: "o1", rule: "r1" }, fingerprint: expect.stringMatching(/^[0-9a-f]+$/) }],
      });
      const pid = Number(/"pid":(\d+)/.exec(runner.output())?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect(await stopProcess(runner)).toBe(0);
      expect(() => process.kill(pid, 0), "Alertmanager stopped with its runner").toThrow();
    } finally {
      await stopProcess(runner, "SIGKILL");
      await receiver.close();
    }
  });
});
