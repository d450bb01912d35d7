import { describe, expect, it } from "vitest";
import { parseVolumeShort } from "./parse-volume";

describe("parseVolumeShort", () => {
  it("parses named volumes with options", () => {
    expect(parseVolumeShort("data:/var/lib/data")).toEqual({
      ok: true,
      value: { type: "volume", source: "data", target: "/var/lib/data", read_only: false, nocopy: false },
    });
    expect(parseVolumeShort("data:/d:ro,nocopy")).toEqual({
      ok: true,
      value: { type: "volume", source: "data", target: "/d", read_only: true, nocopy: true },
    });
  });

  it("parses bind mounts with propagation and SELinux flags", () => {
    expect(parseVolumeShort("/srv/www:/usr/share/nginx/html:ro,rshared,z")).toEqual({
      ok: true,
      value: { type: "bind", source: "/srv/www", target: "/usr/share/nginx/html", read_only: true, propagation: "rshared", selinux: "z" },
    });
  });

  it("parses anonymous volumes", () => {
    expect(parseVolumeShort("/cache")).toEqual({ ok: true, value: { type: "volume", target: "/cache", read_only: false, nocopy: false } });
  });

  it.each([
    ["./data:/data", /relative bind path/],
    ["~/data:/data", /relative bind path/],
    ["data:relative", /must be absolute/],
    ["cache", /needs an absolute container path/],
    ["data:/d:rx", /unknown volume option "rx"/],
    ["/a:/b:nocopy", /applies to named volumes/],
    ["data:/d:rshared", /apply to bind mounts/],
    ["a:b:c:d", /expected \[source:\]target/],
    [":/data", /source is empty/],
  ])("rejects %j", (input, message) => {
    const result = parseVolumeShort(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
