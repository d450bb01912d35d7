import { describe, expect, it } from "vitest";
import { isAddressOrCidr } from "@/lib/cidr";
import { normalizeAddress, proxyMatcher, resolveClientAddress } from "./client-address";

describe("normalizeAddress", () => {
  it("accepts bare, mapped, bracketed and port forms; refuses anything else", () => {
    expect(normalizeAddress(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(normalizeAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeAddress("203.0.113.7:5555")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("unknown")).toBeNull();
    expect(normalizeAddress("<script>")).toBeNull();
    expect(normalizeAddress("")).toBeNull();
  });
});

describe("TRUSTED_PROXIES entries", () => {
  it("are addresses or CIDR blocks", () => {
    for (const ok of ["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8", "0.0.0.0/0"]) expect(isAddressOrCidr(ok), ok).toBe(true);
    for (const bad of ["10.0.0.0/33", "localhost", "10.0.0/8", "::1/129", "1.2.3.4/8/9", ""]) expect(isAddressOrCidr(bad), bad).toBe(false);
  });
});

describe("finding 6: X-Forwarded-For only from configured proxies", () => {
  const none = proxyMatcher([]);
  const lb = proxyMatcher(["10.0.0.0/8", "::1"]);

  it("with no trusted proxy the socket's peer is the client, whatever the headers say", () => {
    expect(resolveClientAddress({ peer: "198.51.100.9", forwardedFor: "1.2.3.4", realIp: "5.6.7.8", isTrusted: none })).toBe(
      "198.51.100.9",
    );
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "1.2.3.4", isTrusted: none })).toBe("10.0.0.5");
  });

  it("behind trusted proxies the first untrusted address from the right is the client", () => {
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "203.0.113.7", isTrusted: lb })).toBe("203.0.113.7");
    // A client-typed entry on the left is ignored: the proxy appended what it really saw.
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "6.6.6.6, 203.0.113.7, 10.1.1.1", isTrusted: lb })).toBe("203.0.113.7");
    expect(resolveClientAddress({ peer: "::ffff:10.0.0.5", forwardedFor: "10.9.9.9", isTrusted: lb })).toBe("10.9.9.9");
    expect(resolveClientAddress({ peer: "::1", forwardedFor: "", realIp: "203.0.113.8", isTrusted: lb })).toBe("203.0.113.8");
  });

  it("a malformed hop stops the walk at the last trusted proxy", () => {
    expect(resolveClientAddress({ peer: "10.0.0.5", forwardedFor: "203.0.113.7, garbage", isTrusted: lb })).toBe("10.0.0.5");
  });

  it("an unknown peer is unknown", () => {
    expect(resolveClientAddress({ peer: null, forwardedFor: "1.2.3.4", isTrusted: lb })).toBeNull();
  });
});
