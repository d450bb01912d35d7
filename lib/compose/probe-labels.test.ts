import { describe, expect, it } from "vitest";
import { decodeProbe, PROBE_LABEL } from "@/lib/protocol/probe";
import { readSpec } from "@/lib/protocol/read-spec";
import { loadCompose } from "./index";

const load = (labels: Record<string, string>) =>
  loadCompose({
    text: `services:\n  web:\n    image: nginx\n    labels:\n${Object.entries(labels)
      .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}\n`)
      .join("")}`,
    appName: "shop",
    orgSlug: "acme",
  });

function probeLabelOf(labels: Record<string, string>): string | undefined {
  const result = load(labels);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.services[0]?.spec.TaskTemplate.ContainerSpec.Labels?.[PROBE_LABEL];
}

describe("probe.url: the label the agent reads", () => {
  it("compiles an aliyun HTTP probe with its timeout and initial delay", () => {
    const label = probeLabelOf({
      "aliyun.probe.url": "http://container:8080/ping?full=1",
      "aliyun.probe.timeout_seconds": "3",
      "aliyun.probe.initial_delay_seconds": "10",
    });
    expect(decodeProbe(label)).toEqual({
      kind: "http",
      port: 8080,
      path: "/ping?full=1",
      intervalSeconds: 2,
      timeoutSeconds: 3,
      initialDelaySeconds: 10,
      failureThreshold: 3,
    });
  });

  it("compiles a wharf TCP probe with the defaults, and no Docker health check", () => {
    const result = load({ "wharf.probe.url": "tcp://container:3306" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const spec = result.services[0]?.spec;
    expect(decodeProbe(spec?.TaskTemplate.ContainerSpec.Labels?.[PROBE_LABEL])).toEqual({
      kind: "tcp",
      port: 3306,
      intervalSeconds: 2,
      timeoutSeconds: 2,
      initialDelaySeconds: 0,
      failureThreshold: 3,
    });
    expect(spec?.TaskTemplate.ContainerSpec.HealthCheck).toBeUndefined();
    // the preview and the console read it back through the one spec reader
    expect(readSpec(spec).probe).toMatchObject({ kind: "tcp", port: 3306 });
  });

  it("writes no probe label for probe.cmd (a Docker health check) or without probes", () => {
    expect(probeLabelOf({ "aliyun.probe.cmd": "/check.sh" })).toBeUndefined();
    expect(probeLabelOf({ "com.example": "x" })).toBeUndefined();
  });

  it.each([
    [{ "aliyun.probe.url": "http://db:8080/" }, /reaches the task's own container; write http:\/\/container:8080\/, not "db"/],
    [{ "aliyun.probe.url": "tcp://10.0.0.1:3306" }, /write tcp:\/\/container:3306, not "10.0.0.1"/],
    [{ "aliyun.probe.url": "https://container:8443/" }, /https probes are not supported/],
    [{ "aliyun.probe.url": "http://container:0/" }, /out of range/],
    [{ "aliyun.probe.url": "http://container:8080/", "aliyun.probe.timeout_seconds": "0" }, /from 1 to 3600/],
    [{ "aliyun.probe.url": "http://container:8080/", "aliyun.probe.initial_delay_seconds": "-1" }, /from 0 to 3600/],
    [{ "wharf.probe": '{"kind":"tcp","port":1}' }, /unknown Wharf label/],
  ])("rejects %j with a located error", (labels, message) => {
    const result = load(labels);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => message.test(e.message));
    expect(error, JSON.stringify(result.errors)).toBeDefined();
    expect(error?.line).toBeGreaterThanOrEqual(5);
    expect(error?.column).toBeGreaterThan(0);
  });
});
