import { describe, expect, it } from "vitest";
import { frame } from "../testing/docker-frames";
import { DockerFrameDecoder } from "./docker-frame-decoder";
import { MAX_LINE_CHARS, parseLogLine } from "./log-line";

describe("Docker's multiplexed stream", () => {
  it("splits frames, whatever the chunk boundaries", () => {
    const bytes = Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(3, "boom")]);
    const decoder = new DockerFrameDecoder();
    const frames = [];
    for (let at = 0; at < bytes.length; at += 5) frames.push(...decoder.push(bytes.subarray(at, at + 5)));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ["stdout", "out\n"],
      ["stderr", "err\n"],
      ["system", "boom"],
    ]);
    expect(decoder.buffered).toBe(0);
  });

  it("refuses bytes that are not a Docker stream", () => {
    expect(() => new DockerFrameDecoder().push(Buffer.from("2026-01-01T00:00:00Z hello world\n"))).toThrow("malformed log stream");
  });
});

describe("log lines", () => {
  const now = () => new Date("2026-02-02T00:00:00Z");

  it("reads the timestamp and the task from Docker's details", () => {
    const line =
      "2026-11-21T22:14:11.856824221Z com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 GET /x 200";
    expect(parseLogLine(line, "stdout", now)).toEqual({
      ts: "2026-11-21T22:14:11.856824221Z",
      stream: "stdout",
      task: "t1",
      text: "GET /x 200",
    });
  });

  it("keeps a message that only looks like details, and lines without a timestamp", () => {
    expect(parseLogLine("2026-11-21T22:14:11Z a=b,c=d the rest", "stderr", now)).toEqual({
      ts: "2026-11-21T22:14:11Z",
      stream: "stderr",
      task: null,
      text: "a=b,c=d the rest",
    });
    expect(parseLogLine("plain text\r", "stdout", now)).toEqual({
      ts: "2026-02-02T00:00:00.000Z",
      stream: "stdout",
      task: null,
      text: "plain text",
    });
  });

  it("unescapes query-escaped values and cuts overly long lines", () => {
    const long = "x".repeat(MAX_LINE_CHARS + 100);
    const parsed = parseLogLine(`2026-11-21T22:14:11Z com.docker.swarm.task.id=t%2B1,com.docker.swarm.node.id=n ${long}`, "stdout", now);
    expect(parsed.task).toBe("t+1");
    expect(parsed.text).toHaveLength(MAX_LINE_CHARS + " …[line truncated]".length);
    expect(parsed.text.endsWith("…[line truncated]")).toBe(true);
  });
});
