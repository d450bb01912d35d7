import { describe, expect, it } from "vitest";
import {
  effectivePolicy,
  intersectPolicies,
  isStrictPolicy,
  newlyAllowed,
  relaxedRules,
  STRICT_POLICY,
  UNRESTRICTED_POLICY,
  workloadPolicySchema,
} from "./workload-policy";
import { bindMountProblem, hostPathInDriverOptions, normalizeHostPath } from "./workload-policy-rules";

const policy = (input: object) => workloadPolicySchema.parse(input);

describe("finding 1: the workload policy schema", () => {
  it("defaults every rule to strict and normalises what it stores", () => {
    expect(isStrictPolicy(policy({}))).toBe(true);
    expect(
      policy({
        bindMountPaths: ["/srv/data/", "//srv/./data", "/mnt/../opt"],
        capabilities: ["cap_net_admin", "NET_ADMIN", "all"],
        sysctls: ["NET/IPV4", "net.core.*"],
      }),
    ).toMatchObject({
      bindMountPaths: ["/opt", "/srv/data"],
      capabilities: ["ALL", "NET_ADMIN"],
      sysctls: ["net.core", "net.ipv4"],
    });
  });

  it("refuses relative paths, bad names and unknown rules", () => {
    expect(workloadPolicySchema.safeParse({ bindMountPaths: ["srv"] }).success).toBe(false);
    expect(workloadPolicySchema.safeParse({ bindMountPaths: ["~/x"] }).success).toBe(false);
    expect(workloadPolicySchema.safeParse({ capabilities: ["SYS ADMIN"] }).success).toBe(false);
    expect(workloadPolicySchema.safeParse({ sysctls: ["net..core"] }).success).toBe(false);
    expect(workloadPolicySchema.safeParse({ everything: true }).success).toBe(false);
  });

  it("is strict on the control-plane host whatever is stored, and fails closed on unreadable data", () => {
    const stored = { bindMountPaths: ["/"], dockerSocket: true };
    expect(effectivePolicy(stored, { controlPlaneHost: true })).toEqual(STRICT_POLICY);
    expect(effectivePolicy(stored, { controlPlaneHost: false })).toMatchObject(stored);
    expect(effectivePolicy(null, { controlPlaneHost: false })).toEqual(STRICT_POLICY);
    expect(effectivePolicy({ dockerSocket: "yes" }, { controlPlaneHost: false })).toEqual(STRICT_POLICY);
  });

  it("intersects policies: booleans and, path and sysctl prefixes meet at the narrower one, ALL defers", () => {
    const a = policy({
      bindMountPaths: ["/srv", "/mnt/a"],
      capabilities: ["ALL"],
      sysctls: ["net"],
      hostNetwork: true,
      privilegedPorts: true,
    });
    const b = policy({
      bindMountPaths: ["/srv/data", "/opt"],
      capabilities: ["NET_ADMIN"],
      sysctls: ["net.core.somaxconn", "kernel"],
      hostNetwork: false,
      privilegedPorts: true,
    });
    expect(intersectPolicies(a, b)).toEqual({
      ...STRICT_POLICY,
      bindMountPaths: ["/srv/data"],
      capabilities: ["NET_ADMIN"],
      sysctls: ["net.core.somaxconn"],
      privilegedPorts: true,
    });
    expect(intersectPolicies(a, UNRESTRICTED_POLICY)).toEqual(a);
    expect(intersectPolicies(a, STRICT_POLICY)).toEqual(STRICT_POLICY);
  });

  it("names the rules a change relaxes", () => {
    const current = policy({ bindMountPaths: ["/srv"] });
    expect(newlyAllowed(current, policy({ bindMountPaths: ["/srv/data"] }))).toEqual([]);
    expect(newlyAllowed(current, policy({ bindMountPaths: ["/srv", "/opt"], privilegedPorts: true }))).toEqual([
      "bindMountPaths",
      "privilegedPorts",
    ]);
    expect(relaxedRules(policy({ sysctls: ["*"], devices: true }))).toEqual(["sysctls", "devices"]);
  });
});

describe("finding 1: host paths", () => {
  it("normalises lexically and refuses relative paths", () => {
    expect(normalizeHostPath("/a/./b//c/../d/")).toBe("/a/b/d");
    expect(normalizeHostPath("/../..")).toBe("/");
    expect(normalizeHostPath("a/b")).toBeNull();
    expect(normalizeHostPath("/a\0b")).toBeNull();
  });

  it("matches the allow-list per segment and guards the engine's paths on their own", () => {
    const relaxed = policy({ bindMountPaths: ["/srv", "/"] });
    expect(bindMountProblem("/srvx", policy({ bindMountPaths: ["/srv"] }))?.rule).toBe("bindMountPaths");
    expect(bindMountProblem("/srv/app", policy({ bindMountPaths: ["/srv"] }))).toBeNull();
    // "/" on the allow-list still does not hand over the socket, nor anything containing it
    expect(bindMountProblem("/var/run/docker.sock", relaxed)?.rule).toBe("dockerSocket");
    expect(bindMountProblem("/", relaxed)?.rule).toBe("dockerSocket");
    expect(bindMountProblem("/run/user/1000/docker.sock", relaxed)?.rule).toBe("dockerSocket");
    expect(bindMountProblem("/home/me/.docker/run/docker.sock", relaxed)?.rule).toBe("dockerSocket");
    // the socket rule alone grants the socket, not its parents
    expect(bindMountProblem("/var/run/docker.sock", policy({ dockerSocket: true }))).toBeNull();
    expect(bindMountProblem("/var/run", policy({ dockerSocket: true }))?.rule).toBe("bindMountPaths");
  });
});

describe("finding 1: volume driver options", () => {
  it.each([
    [{ type: "none", o: "bind", device: "/etc" }, /bind/],
    [{ o: "ro,rbind", device: "/" }, /rbind/],
    [{ O: "BIND", device: "/" }, /bind/],
    [{ type: "ext4", device: "/dev/sda1" }, /type: ext4/],
    [{ type: "proc", device: "proc" }, /type: proc/],
    [{ device: "/srv" }, /device: \/srv/],
    [{ type: "cifs", device: "//srv/share", o: "credentials=/root/.smb" }, /credentials=\/root\/\.smb names a host path/],
  ])("local driver, %j is refused", (options, message) => {
    expect(hostPathInDriverOptions("local", options)).toMatch(message);
    expect(hostPathInDriverOptions(undefined, options)).toMatch(message);
  });

  it.each([
    [{}],
    [{ type: "nfs", o: "addr=10.0.0.5,nfsvers=4", device: ":/export" }],
    [{ type: "cifs", o: "username=app", device: "//fileserver/share" }],
    [{ type: "tmpfs", device: "tmpfs", o: "size=64m,uid=1000" }],
  ])("local driver, %j is allowed", (options) => {
    expect(hostPathInDriverOptions("local", options)).toBeNull();
  });

  it("plugin drivers: absolute paths and binds are refused, plain options pass", () => {
    expect(hostPathInDriverOptions("local-persist", { mountpoint: "/etc" })).toMatch(/mountpoint: \/etc/);
    expect(hostPathInDriverOptions("vieux/sshfs", { sshcmd: "me@host:/data", o: "bind" })).toMatch(/bind/);
    expect(hostPathInDriverOptions("ossfs", { bucket: "acs-sample" })).toBeNull();
  });
});
