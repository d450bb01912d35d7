import { describe, expect, it } from "vitest";
import { ConfigError, parseCommandLine } from "./env";

const run = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseCommandLine(argv, env);
  if (parsed.kind !== "run") throw new Error(`expected a run config, got ${parsed.kind}`);
  return parsed.config;
};

describe("parseCommandLine", () => {
  it("reads the environment and applies defaults", () => {
    const config = run([], { WHARF_URL: "https://wharf.example.com/", WHARF_JOIN_TOKEN: "wjt_0123456789" });
    expect(config).toEqual({
      url: "https://wharf.example.com",
      joinUrl: "https://wharf.example.com/v1/join",
      connectUrl: "wss://wharf.example.com/v1/connect",
      joinToken: "wjt_0123456789",
      joinTokenInArgv: false,
      joinTokenFile: null,
      stateDir: "/var/lib/wharf-agent",
      dockerSocket: "/var/run/docker.sock",
      caFile: null,
      advertiseAddr: null,
      waitForToken: false,
      logLevel: "info",
      workloadPolicy: "cluster",
      metricsIntervalSeconds: 10,
      logsEnabled: true,
      logBufferBytes: 256 * 1024 * 1024,
      logBatchesPerMinute: 1000,
    });
  });

  it("takes the log collection settings: on/off, the buffer's size in MiB, the batch pace", () => {
    expect(run(["--url", "http://h", "--logs", "off"]).logsEnabled).toBe(false);
    expect(run([], { WHARF_URL: "http://h", WHARF_LOGS: "0" }).logsEnabled).toBe(false);
    expect(run([], { WHARF_URL: "http://h", WHARF_LOG_BUFFER_MB: "16" }).logBufferBytes).toBe(16 * 1024 * 1024);
    expect(run(["--url", "http://h", "--log-batches-per-minute", "600"]).logBatchesPerMinute).toBe(600);
    expect(() => run(["--url", "http://h", "--logs", "maybe"])).toThrow(/--logs \/ WHARF_LOGS: must be on\/off/);
    expect(() => run(["--url", "http://h", "--log-buffer-mb", "0"])).toThrow(/--log-buffer-mb \/ WHARF_LOG_BUFFER_MB/);
    expect(() => run(["--url", "http://h", "--log-batches-per-minute", "5"])).toThrow(/--log-batches-per-minute/);
  });

  it("takes the metrics interval in whole seconds, 0 turning metrics off", () => {
    expect(run([], { WHARF_URL: "http://h", WHARF_METRICS_INTERVAL_SECONDS: "30" }).metricsIntervalSeconds).toBe(30);
    expect(run(["--url", "http://h", "--metrics-interval", "0"]).metricsIntervalSeconds).toBe(0);
    expect(() => run(["--url", "http://h", "--metrics-interval", "2.5"])).toThrow(
      /--metrics-interval \/ WHARF_METRICS_INTERVAL_SECONDS: must be a whole number/,
    );
    expect(() => run(["--url", "http://h", "--metrics-interval", "-1"])).toThrow(/--metrics-interval/);
  });

  it("finding 1: --workload-policy strict caps every cluster's policy; cluster is the default", () => {
    expect(run(["--url", "http://h", "--workload-policy", "strict"]).workloadPolicy).toBe("strict");
    expect(run([], { WHARF_URL: "http://h", WHARF_WORKLOAD_POLICY: "strict" }).workloadPolicy).toBe("strict");
    expect(run(["--url", "http://h", "--workload-policy=cluster"], { WHARF_WORKLOAD_POLICY: "strict" }).workloadPolicy).toBe("cluster");
    expect(() => run(["--url", "http://h", "--workload-policy", "loose"])).toThrow(/--workload-policy \/ WHARF_WORKLOAD_POLICY/);
  });

  it("lets flags win over the environment and keeps a path prefix", () => {
    const config = run(
      [
        "--url",
        "http://127.0.0.1:3001/gw",
        "--state-dir=/tmp/s",
        "--docker-socket",
        "/run/d.sock",
        "--advertise-addr",
        "10.77.0.12",
        "--wait-for-token",
        "--log-level",
        "debug",
        "--ca-file",
        "/etc/ca.pem",
      ],
      { WHARF_URL: "https://ignored.example.com", WHARF_LOG_LEVEL: "error", DOCKER_SOCKET: "/ignored" },
    );
    expect(config).toMatchObject({
      connectUrl: "ws://127.0.0.1:3001/gw/v1/connect",
      joinUrl: "http://127.0.0.1:3001/gw/v1/join",
      stateDir: "/tmp/s",
      dockerSocket: "/run/d.sock",
      advertiseAddr: "10.77.0.12",
      waitForToken: true,
      logLevel: "debug",
      caFile: "/etc/ca.pem",
      joinToken: null,
    });
  });

  it("finding 3: takes the join token from a file or the environment, keeping it out of the arguments", () => {
    expect(run(["--url", "http://h", "--token-file", "/dev/stdin"])).toMatchObject({
      joinToken: null,
      joinTokenFile: "/dev/stdin",
      joinTokenInArgv: false,
    });
    expect(run([], { WHARF_URL: "http://h", WHARF_JOIN_TOKEN_FILE: "/etc/wharf-agent.join-token" })).toMatchObject({
      joinTokenFile: "/etc/wharf-agent.join-token",
    });
    // --token still works (older install commands), but the agent knows it is visible in ps
    expect(run(["--url", "http://h", "--token", "wjt_0123456789"])).toMatchObject({ joinToken: "wjt_0123456789", joinTokenInArgv: true });
    expect(() => run(["--url", "http://h", "--token-file", "/t"], { WHARF_JOIN_TOKEN: "wjt_0123456789" })).toThrow(/not both/);
  });

  it("treats empty environment variables as unset and parses booleans", () => {
    expect(run([], { WHARF_URL: "http://h", WHARF_JOIN_TOKEN: "", WHARF_WAIT_FOR_TOKEN: "yes" })).toMatchObject({
      joinToken: null,
      waitForToken: true,
    });
    expect(run([], { WHARF_URL: "http://h", WHARF_WAIT_FOR_TOKEN: "0" }).waitForToken).toBe(false);
  });

  it("lists every problem with the flag and variable names", () => {
    const error = (() => {
      try {
        parseCommandLine(["--token", "short", "--log-level", "loud"], { WHARF_WAIT_FOR_TOKEN: "maybe" });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("--url / WHARF_URL: is required");
    expect(message).toContain("--token / WHARF_JOIN_TOKEN: must be at least 10 characters");
    expect(message).toContain("--log-level / WHARF_LOG_LEVEL");
    expect(message).toContain("--wait-for-token / WHARF_WAIT_FOR_TOKEN: must be true/false/1/0");
  });

  it.each([
    ["ftp://x", "must start with http:// or https://"],
    ["not a url", "not a URL"],
    ["https://user:pw@h", "must not contain credentials"],
    ["https://h/?a=1", "must not contain a query"],
  ])("rejects the URL %s", (url, message) => {
    expect(() => parseCommandLine(["--url", url], {})).toThrow(message);
  });

  it("rejects unknown flags and bad advertise addresses", () => {
    expect(() => parseCommandLine(["--url", "http://h", "--insecure"], {})).toThrow(/Unknown option '--insecure'[\s\S]*--help/);
    expect(() => parseCommandLine(["--url", "http://h", "--advertise-addr", "10.0.0.1; rm -rf"], {})).toThrow("must be an IP address");
  });

  it("answers --help and --version without requiring anything else", () => {
    expect(parseCommandLine(["--help"], {})).toEqual({ kind: "help" });
    expect(parseCommandLine(["--version"], {})).toEqual({ kind: "version" });
  });
});
