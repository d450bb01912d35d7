import { describe, expect, it } from "vitest";
import { MAX_PORT_RANGE, parsePortShort } from "./parse-ports";

describe("parsePortShort", () => {
  it("parses a container port alone", () => {
    expect(parsePortShort("80")).toEqual({ ok: true, value: [{ target: 80, protocol: "tcp" }] });
    expect(parsePortShort(80)).toEqual({ ok: true, value: [{ target: 80, protocol: "tcp" }] });
  });

  it("parses published:target and protocol", () => {
    expect(parsePortShort("8080:80")).toEqual({ ok: true, value: [{ target: 80, published: 8080, protocol: "tcp" }] });
    expect(parsePortShort("53:53/udp")).toEqual({ ok: true, value: [{ target: 53, published: 53, protocol: "udp" }] });
    expect(parsePortShort("9000:9000/SCTP")).toEqual({ ok: true, value: [{ target: 9000, published: 9000, protocol: "sctp" }] });
  });

  it("expands matching ranges port by port", () => {
    const result = parsePortShort("8000-8002:80-82");
    expect(result).toEqual({
      ok: true,
      value: [
        { target: 80, published: 8000, protocol: "tcp" },
        { target: 81, published: 8001, protocol: "tcp" },
        { target: 82, published: 8002, protocol: "tcp" },
      ],
    });
  });

  it("expands a target range without published ports", () => {
    const result = parsePortShort("3000-3001");
    expect(result.ok && result.value.map((p) => p.target)).toEqual([3000, 3001]);
  });

  it("accepts an unspecified or wildcard host address", () => {
    expect(parsePortShort("0.0.0.0:8080:80").ok).toBe(true);
    expect(parsePortShort(":8080:80").ok).toBe(true);
  });

  it.each([
    ["70000:80", /out of range/],
    ["0:80", /out of range/],
    ["8080:0", /out of range/],
    ["abc:80", /invalid published port "abc"/],
    ["80/ftp", /unknown protocol "ftp"/],
    ["8010-8000:80-90", /reversed/],
    ["8000-8001:80-82", /has 2 ports but target range 80-82 has 3/],
    ["8000-8010:80", /Swarm cannot pick one port from a range/],
    ["127.0.0.1:8080:80", /one host address \(127\.0\.0\.1\)/],
    ["[::1]:8080:80", /one host address \(::1\)/],
    ["::1:8080:80", /wrap IPv6/],
    ["", /empty/],
    [`1-${MAX_PORT_RANGE + 1}`, /spans more than/],
  ])("rejects %j", (input, message) => {
    const result = parsePortShort(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
