/**
 * scripts/prometheus/run.ts with the real Prometheus 2.42: the configuration it generates passes
 * promtool for every kind of setting (scrape token, remote write with each kind of credential,
 * several gateways over https), secrets stay in mode-600 files, bad settings stop it with a clear
 * message, and the Prometheus it runs serves, reloads and stops with it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess, stopProcess, waitFor } from "../../support/integration/processes";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wharf-prometheus-it-"));
  dirs.push(dir);
  return dir;
};
const RUNNER = ["--import", "tsx", "scripts/prometheus/run.ts"];
const TOKEN = "scrape-token-for-runner-test-0001";

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function printConfig(env: Record<string, string>) {
  const dataDir = tempDir();
  const proc = startProcess("prometheus-config", [...RUNNER, "--print-config"], {
    PROMETHEUS_DATA_DIR: dataDir,
    METRICS_SCRAPE_TOKEN: TOKEN,
    ...env,
  });
  const code = await proc.exited;
  return { code, output: proc.output(), dataDir, file: path.join(dataDir, "prometheus.yml") };
}

describe("the Prometheus runner", () => {
  it("generates configurations promtool accepts, with secrets in mode-600 files", async () => {
    const cases: Array<Record<string, string>> = [
      {},
      {
        PROMETHEUS_SCRAPE_GATEWAYS: "10.0.0.5:3001, gw-2.internal:3001",
        PROMETHEUS_SCRAPE_SCHEME: "https",
        PROMETHEUS_SCRAPE_INTERVAL: "15s",
      },
      { PROMETHEUS_REMOTE_WRITE_URL: "http://127.0.0.1:8480/insert/0/prometheus/api/v1/write" },
      {
        PROMETHEUS_REMOTE_WRITE_URL: "https://mimir.example.test/api/v1/push",
        PROMETHEUS_REMOTE_WRITE_USERNAME: "wharf",
        PROMETHEUS_REMOTE_WRITE_PASSWORD: "pw-1",
        PROMETHEUS_REMOTE_WRITE_TENANT: "tenant-1",
      },
      {
        PROMETHEUS_REMOTE_WRITE_URL: "https://thanos.example.test/api/v1/receive",
        PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN: "rw-token-1",
        PROMETHEUS_RETENTION_SIZE: "20GB",
      },
    ];
    for (const env of cases) {
      const { code, output, dataDir, file } = await printConfig(env);
      expect(code, output).toBe(0);
      expect(execFileSync("promtool", ["check", "config", file], { encoding: "utf8" })).toContain("SUCCESS");
      const config = readFileSync(file, "utf8");
      expect(config).toContain(`credentials_file: ${dataDir}/secrets/scrape-token`);
      expect(readFileSync(path.join(dataDir, "secrets/scrape-token"), "utf8")).toBe(TOKEN);
      for (const secret of [TOKEN, "pw-1", "rw-token-1"]) expect(config).not.toContain(secret);
      expect(config).toContain(`- ${dataDir}/rules/*.yml`);
      if (env.PROMETHEUS_REMOTE_WRITE_URL) expect(config).toContain(`url: ${env.PROMETHEUS_REMOTE_WRITE_URL}`);
      else expect(config).not.toMatch(/^remote_write:/m);
      for (const name of ["prometheus.yml", "secrets/scrape-token"]) expect(statSync(path.join(dataDir, name)).mode & 0o777).toBe(0o600);
    }
    const mimir = await printConfig(cases[3] ?? {});
    expect(readFileSync(mimir.file, "utf8")).toMatch(/headers:\n\s+X-Scope-OrgID: tenant-1/);
    expect(readFileSync(path.join(mimir.dataDir, "secrets/remote-write-password"), "utf8")).toBe("pw-1");
  });

  it("stops with a clear message on bad settings", async () => {
    for (const [env, message] of [
      [{ PROMETHEUS_RETENTION: "forever" }, "PROMETHEUS_RETENTION"],
      [{ PROMETHEUS_SCRAPE_GATEWAYS: "127.0.0.1:3001,http://x" }, "PROMETHEUS_SCRAPE_GATEWAYS"],
      [{ PROMETHEUS_REMOTE_WRITE_URL: "http://127.0.0.1:1/w", PROMETHEUS_REMOTE_WRITE_USERNAME: "u" }, "go together"],
      [{ PROMETHEUS_BINARY: "/nonexistent/prometheus" }, "not found"],
    ] as const) {
      const { code, output } = await printConfig(env);
      expect(code).toBe(1);
      expect(output).toContain(message);
    }
  });

  it("runs Prometheus with the configuration, reloads it on request, and stops with it", async () => {
    const dataDir = tempDir();
    const listen = "127.0.0.1:9393";
    const runner = startProcess("prometheus-runner", RUNNER, {
      PROMETHEUS_DATA_DIR: dataDir,
      PROMETHEUS_LISTEN: listen,
      PROMETHEUS_RETENTION: "2d",
      METRICS_SCRAPE_TOKEN: TOKEN,
      WHARF_PROCESS: "script",
      LOG_LEVEL: "info",
    });
    try {
      await waitFor("Prometheus ready", async () => (await fetch(`http://${listen}/-/ready`)).ok, 30_000, 250);
      const flags = (await (await fetch(`http://${listen}/api/v1/status/flags`)).json()) as { data: Record<string, string> };
      expect(flags.data).toMatchObject({
        "web.enable-lifecycle": "true",
        "storage.tsdb.retention.time": "2d",
        "config.file": path.join(dataDir, "prometheus.yml"),
      });
      expect((await fetch(`http://${listen}/-/reload`, { method: "POST" })).status).toBe(200);
      const pid = Number(/"pid":(\d+)/.exec(runner.output())?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect(await stopProcess(runner)).toBe(0);
      expect(() => process.kill(pid, 0), "Prometheus stopped with its runner").toThrow();
    } finally {
      await stopProcess(runner, "SIGKILL");
    }
  });
});
