import { describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/protocol";
import { STRICT_POLICY, workloadPolicySchema, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { failure, fakeContext } from "../testing/fake-context";
import { commandHandlers } from "./command-handlers";
import { executeCommand } from "./execute-command";
import { networkEnsure } from "./network-ensure";
import { serviceApply } from "./service-apply";

// Issue 9, finding 1, the agent's half: hostile specs sent straight to service.apply, bypassing
// the compiler, are refused with POLICY_VIOLATION before anything is created. The agent trusts no
// sender: the policy comes with the command (strict when absent) and is capped by its own ceiling.

type Spec = Record<string, unknown>;
type Container = Record<string, unknown>;

const HOST_NETWORK_ID = "7a3f0c9e1b2d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6";

function spec({ container = {}, task = {}, top = {} }: { container?: Container; task?: Spec; top?: Spec } = {}): Spec {
  return {
    Name: "shop_web",
    Labels: { "wharf.org": "acme", "wharf.app": "shop" },
    TaskTemplate: {
      ContainerSpec: { Image: "shop/web:1", Labels: {}, ...container },
      Resources: { Limits: {}, Reservations: {} },
      Placement: { Constraints: [], Preferences: [] },
      Networks: [{ Target: "shop_default", Aliases: ["web"] }],
      ...task,
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 3000, PublishMode: "host" }] },
    ...top,
  };
}

const bind = (source: string) => ({ Mounts: [{ Type: "bind", Source: source, Target: "/host" }] });
const relaxed = (input: object): WorkloadPolicy => workloadPolicySchema.parse(input);

async function setup(ceiling?: WorkloadPolicy) {
  const fake = fakeContext();
  fake.engine.networks.push(
    { Id: "net-default", Name: "shop_default", Driver: "overlay", Scope: "swarm", Labels: {}, Attachable: false, Options: {} },
    { Id: HOST_NETWORK_ID, Name: "host", Driver: "host", Scope: "local", Labels: {}, Attachable: false, Options: {} },
  );
  if (ceiling) fake.context.policyCeiling = ceiling;
  return fake;
}

async function refused(payloadSpec: Spec, policy?: WorkloadPolicy, ceiling?: WorkloadPolicy) {
  const { context, engine } = await setup(ceiling);
  const error = await failure(serviceApply({ spec: payloadSpec, forceUpdate: false, pullLatest: false, policy }, context));
  expect(engine.calls.filter((call) => /^(create|update)Service/.test(call))).toEqual([]);
  expect(engine.services).toEqual([]);
  return error;
}

const CASES: [name: string, spec: Spec, message: RegExp][] = [
  [
    "bind mount of the Docker socket",
    spec({ container: bind("/var/run/docker.sock") }),
    /^bind mount of \/var\/run\/docker\.sock is not allowed by this cluster's workload policy/,
  ],
  ["bind mount of /", spec({ container: bind("/") }), /bind mount of \/ .*contains the container engine's \/var\/run\/docker\.sock/],
  ["bind mount of /etc", spec({ container: bind("/etc") }), /bind mount of \/etc is not allowed/],
  ["socket reached through ..", spec({ container: bind("/tmp/../run/docker.sock") }), /bind mount of \/run\/docker\.sock/],
  ["relative bind source", spec({ container: bind("etc") }), /not an absolute host path/],
  [
    "volume named by a host path",
    spec({ container: { Mounts: [{ Type: "volume", Source: "/etc", Target: "/x" }] } }),
    /bind mount of \/etc/,
  ],
  [
    "volume binding / through driver options",
    spec({
      container: {
        Mounts: [
          {
            Type: "volume",
            Source: "shop_data",
            Target: "/d",
            VolumeOptions: { DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: "/" } } },
          },
        ],
      },
    }),
    /o: bind makes a bind mount of a host path \(volume shop_data\)/,
  ],
  [
    "volume mounting a block device",
    spec({
      container: {
        Mounts: [
          {
            Type: "volume",
            Source: "shop_disk",
            Target: "/d",
            VolumeOptions: { DriverConfig: { Options: { type: "ext4", device: "/dev/sda1" } } },
          },
        ],
      },
    }),
    /type: ext4 mounts a device/,
  ],
  ["cap_add ALL", spec({ container: { CapabilityAdd: ["ALL"] } }), /cap_add ALL is not allowed/],
  ["cap_add CAP_SYS_ADMIN", spec({ container: { CapabilityAdd: ["CAP_SYS_ADMIN"] } }), /cap_add SYS_ADMIN/],
  ["cap_add in lowercase", spec({ container: { CapabilityAdd: ["sys_ptrace"] } }), /cap_add SYS_PTRACE/],
  ["sysctls", spec({ container: { Sysctls: { "kernel.shmmax": "68719476736" } } }), /sysctl kernel\.shmmax/],
  [
    "host port 80",
    spec({
      top: { EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 80, PublishMode: "host" }] } },
    }),
    /host port 80/,
  ],
  ["the host network by name", spec({ task: { Networks: [{ Target: "host" }] } }), /joining the host network is not allowed/],
  ["the host network by ID", spec({ task: { Networks: [{ Target: HOST_NETWORK_ID }] } }), /engine's host network \(host\)/],
  ["the host network by ID prefix", spec({ task: { Networks: [{ Target: HOST_NETWORK_ID.slice(0, 12) }] } }), /engine's host network/],
  [
    "Privileges with seccomp unconfined (newer engines)",
    spec({ container: { Privileges: { Seccomp: { Mode: "unconfined" }, AppArmor: { Mode: "disabled" } } } }),
    /fields? Wharf never produces \(TaskTemplate\.ContainerSpec\.Privileges\)/,
  ],
  [
    "Devices",
    spec({ container: { Devices: [{ PathOnHost: "/dev/sda", PathInContainer: "/dev/sda" }] } }),
    /TaskTemplate\.ContainerSpec\.Devices/,
  ],
  ["a plugin runtime", spec({ task: { Runtime: "plugin", PluginSpec: { Name: "evil" } } }), /TaskTemplate\.(Runtime|PluginSpec)/],
  ["a top-level Networks list", spec({ top: { Networks: [{ Target: "host" }] } }), /Wharf never produces \(Networks\)/],
  [
    "ingress publishing",
    spec({
      top: { EndpointSpec: { Mode: "vip", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "ingress" }] } },
    }),
    /not one Wharf produces/,
  ],
  [
    "a named-pipe mount",
    spec({ container: { Mounts: [{ Type: "npipe", Source: "\\\\.\\pipe\\docker_engine", Target: "\\\\.\\pipe\\docker_engine" }] } }),
    /not one Wharf produces/,
  ],
];

describe("finding 1: the agent refuses hostile service specs by itself", () => {
  it("applies a legal spec (the control case)", async () => {
    const { context, engine } = await setup();
    expect(await serviceApply({ spec: spec(), forceUpdate: false, pullLatest: false }, context)).toMatchObject({ created: true });
    expect(engine.services).toHaveLength(1);
  });

  it.each(CASES)("%s", async (_name, hostile, message) => {
    const error = await refused(hostile);
    expect(error).toMatchObject({ code: "POLICY_VIOLATION" });
    expect(error.message).toMatch(message);
  });

  it("refuses a spec the cluster's policy forbids even when the sender says it is strict", async () => {
    expect((await refused(spec({ container: bind("/var/run/docker.sock") }), STRICT_POLICY)).code).toBe("POLICY_VIOLATION");
  });

  it("refuses an existing volume created with bind options, although the spec names none", async () => {
    const { context, engine } = await setup();
    engine.volumes.push({ Name: "shop_old", Labels: {}, Driver: "local", Options: { type: "none", o: "bind", device: "/etc" } });
    const hostile = spec({ container: { Mounts: [{ Type: "volume", Source: "shop_old", Target: "/d" }] } });
    const error = await failure(serviceApply({ spec: hostile, forceUpdate: false, pullLatest: false }, context));
    expect(error).toMatchObject({
      code: "POLICY_VIOLATION",
      message: expect.stringMatching(/volume shop_old exists on this node .*o: bind makes a bind mount/),
    });
    expect(engine.services).toEqual([]);
  });

  it("applies what the cluster's relaxed policy allows, and only that", async () => {
    const { context, engine } = await setup();
    const policy = relaxed({ bindMountPaths: ["/srv/data"], capabilities: ["NET_ADMIN"], hostNetwork: true, privilegedPorts: true });
    const allowed = spec({
      container: { ...bind("/srv/data/web"), CapabilityAdd: ["CAP_NET_ADMIN"] },
      task: { Networks: [{ Target: HOST_NETWORK_ID }] },
    });
    expect(await serviceApply({ spec: allowed, forceUpdate: false, pullLatest: false, policy }, context)).toMatchObject({ created: true });
    expect(engine.services).toHaveLength(1);
    expect((await refused(spec({ container: bind("/srv/database") }), policy)).message).toMatch(/only \/srv\/data may be bind-mounted/);
    expect((await refused(spec({ container: bind("/srv/data/../../var/run/docker.sock") }), policy)).message).toMatch(/docker\.sock/);
    // the checked spelling is the mounted one: a path written differently from its normal form is refused
    expect((await refused(spec({ container: bind("/srv/data//web/") }), policy)).message).toMatch(
      /normalised absolute path \(\/srv\/data\/web\)/,
    );
  });

  it("--workload-policy strict caps a relaxed cluster policy, and says so", async () => {
    const policy = relaxed({ bindMountPaths: ["/srv/data"] });
    const error = await refused(spec({ container: bind("/srv/data") }), policy, STRICT_POLICY);
    expect(error).toMatchObject({ code: "POLICY_VIOLATION", message: expect.stringMatching(/runs with --workload-policy strict/) });
  });

  it("a policy with an unknown rule is refused as an invalid payload (fails closed for older agents)", async () => {
    const { context } = await setup();
    const outcome = await executeCommand({
      handlers: commandHandlers,
      type: "service.apply",
      payload: { spec: spec(), policy: { ...STRICT_POLICY, everything: true } },
      context,
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    expect(COMMANDS["service.apply"].payload.safeParse({ spec: spec() }).success).toBe(true);
  });

  it("network.ensure creates overlay networks only", async () => {
    const { context, engine } = await setup();
    for (const driver of ["macvlan", "bridge", "host", "ipvlan"]) {
      const error = await failure(
        networkEnsure({ name: "shop_lan", labels: {}, driver, attachable: true, options: { parent: "eth0" } }, context),
      );
      expect(error).toMatchObject({
        code: "POLICY_VIOLATION",
        message: expect.stringContaining(`network driver "${driver}" is not allowed`),
      });
    }
    expect(engine.calls.filter((call) => call.startsWith("createNetwork"))).toEqual([]);
  });
});
