import { describe, expect, it } from "vitest";
import { globalLogLine, logFormatLine, parseTrafficLine } from "./traffic-log";

const KEY = "0123456789abcdef01234567";
const logging = { port: 40123, key: KEY };

describe("HAProxy's request log lines", () => {
  it("asks HAProxy for raw lines on 127.0.0.1, one format per mode, the key first", () => {
    expect(globalLogLine(logging)).toBe("log 127.0.0.1:40123 len 1024 format raw local0 info");
    expect(logFormatLine(logging, "http")).toBe(`log-format "w1 ${KEY} h %b %s %ST %Ta %ts"`);
    expect(logFormatLine(logging, "tcp")).toBe(`log-format "w1 ${KEY} t %b %s - %Tt %ts"`);
  });

  it("parses what HAProxy 2.6 sends: served requests, 5xx answers, connection errors, TCP connections", () => {
    // lines as captured from HAProxy 2.6 with these formats (trailing newline included)
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 task1 200 20 --\n`, KEY)).toEqual({
      mode: "http",
      backend: "be_http_8080",
      server: "task1",
      status: 200,
      ms: 20,
      connectionError: false,
    });
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 task1 500 1 --\n`, KEY)).toMatchObject({ status: 500, connectionError: false });
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 dead 503 1 SC\n`, KEY)).toMatchObject({
      server: "dead",
      status: 503,
      connectionError: true,
    });
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 task1 503 1000 sC\n`, KEY)).toMatchObject({ connectionError: true });
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 <NOSRV> 503 10000 sQ\n`, KEY)).toMatchObject({
      server: "<NOSRV>",
      connectionError: true,
    });
    // a server timeout before the headers is a 504 the server caused, not a connection error
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 task1 504 60000 sH\n`, KEY)).toMatchObject({ status: 504, connectionError: false });
    expect(parseTrafficLine(`w1 ${KEY} t be_tcp_9000 task2 - 1543 --\n`, KEY)).toEqual({
      mode: "tcp",
      backend: "be_tcp_9000",
      server: "task2",
      status: null,
      ms: 1543,
      connectionError: false,
    });
    expect(parseTrafficLine(`w1 ${KEY} t be_tcp_9000 task2 - 0 SC`, KEY)).toMatchObject({ mode: "tcp", connectionError: true });
  });

  it("keeps requests HAProxy could not time or answer (-1) without a latency or status", () => {
    expect(parseTrafficLine(`w1 ${KEY} h be_http_8080 task1 -1 -1 CD`, KEY)).toMatchObject({
      status: null,
      ms: null,
      connectionError: false,
    });
  });

  it("drops lines without the key, of another format, or malformed", () => {
    for (const line of [
      `w1 ffffffffffffffffffffffff h be_http_8080 task1 200 20 --`,
      `w2 ${KEY} h be_http_8080 task1 200 20 --`,
      `w1 ${KEY} x be_http_8080 task1 200 20 --`,
      `w1 ${KEY} h be_http_8080 task1 200 20`,
      `w1 ${KEY} h be_http_8080 task 1 200 20 --`,
      `w1 ${KEY} h be/../x task1 200 20 --`,
      "Server be_http_8080/task1 is DOWN, reason: Layer4 connection problem",
      "",
    ]) {
      expect(parseTrafficLine(line, KEY), line).toBeNull();
    }
  });
});
