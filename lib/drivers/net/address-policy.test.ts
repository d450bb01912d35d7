import { describe, expect, it } from "vitest";
import { addressBytes, destinationRefusal, nonPublicReason, parseCidr, type Cidr } from "./address-policy";

const cidrs = (...entries: string[]): Cidr[] => entries.map((e) => parseCidr(e)).filter((c): c is Cidr => c !== null);

describe("finding 5c: which addresses outgoing requests may reach", () => {
  it.each([
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["10.1.2.3", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.169.254", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["0.0.0.0", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /reserved or broadcast/],
    ["192.0.2.10", /documentation/],
    ["::", /unspecified/],
    ["::1", /loopback/],
    ["fe80::1", /link-local/],
    ["fe80::1%eth0", /link-local/],
    ["fd00::1", /unique local/],
    ["fc00::5", /unique local/],
    ["ff02::1", /multicast/],
    ["::ffff:127.0.0.1", /loopback address \(inside an IPv6 address\)/],
    ["::ffff:7f00:1", /loopback/],
    ["::ffff:169.254.169.254", /link-local/],
    ["::ffff:a00:1", /private/],
    ["::127.0.0.1", /loopback/],
    ["64:ff9b::a9fe:a9fe", /link-local/],
    ["2002:7f00:1::", /loopback/],
    ["2002:c0a8:101::1", /private/],
  ])("%s is refused", (address, why) => {
    expect(nonPublicReason(address)).toMatch(why);
    expect(destinationRefusal(address, [])).toMatch(why);
  });

  it.each([
    "93.184.215.14",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "2002:808:808::1",
    "64:ff9b::808:808",
  ])("%s is public", (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });

  it("anything that is not an address is refused", () => {
    expect(nonPublicReason("localhost")).toBe("not an IP address");
    expect(destinationRefusal("example.com", cidrs("0.0.0.0/0"))).toBe("example.com is not an IP address");
  });

  it("the installation allow-list lets chosen ranges through, IPv4-mapped forms included", () => {
    const allow = cidrs("127.0.0.0/8", "10.20.0.0/16", "fd12::/16");
    expect(destinationRefusal("127.0.0.1", allow)).toBeNull();
    expect(destinationRefusal("::ffff:127.0.0.1", allow)).toBeNull();
    expect(destinationRefusal("10.20.3.4", allow)).toBeNull();
    expect(destinationRefusal("10.21.3.4", allow)).toMatch(/private/);
    expect(destinationRefusal("fd12:3::1", allow)).toBeNull();
    expect(destinationRefusal("::1", allow)).toMatch(/loopback/);
    expect(destinationRefusal("169.254.169.254", allow)).toMatch(/link-local/);
  });

  it("parses CIDR blocks and bare addresses, refusing malformed ones", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ bytes: [10, 0, 0, 0], prefix: 8 });
    expect(parseCidr("::1")?.prefix).toBe(128);
    expect(parseCidr("1.2.3.4")?.prefix).toBe(32);
    for (const bad of ["10.0.0.0/33", "::/129", "10.0.0/8", "host/8", "1.2.3.4/8/9", "", "1.2.3.4/-1"]) expect(parseCidr(bad)).toBeNull();
  });

  it("reads IPv6 forms into bytes", () => {
    expect(addressBytes("::ffff:1.2.3.4")?.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(addressBytes("1::")?.slice(0, 2)).toEqual([0, 1]);
    expect(addressBytes("nonsense")).toBeNull();
  });
});
