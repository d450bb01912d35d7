import { afterEach, describe, expect, it } from "vitest";
import { readText } from "../session/host-usage";
import { createCgroupLocator } from "./cgroup-locator";
import { FixtureMachine, NO_LIMITS } from "../testing/fixture-machine";

const id = (n: number) => String(n).repeat(64).slice(0, 64);
const machines: FixtureMachine[] = [];
afterEach(() => machines.splice(0).forEach((m) => m.cleanup()));

function setup(version: 1 | 2, pids: Record<string, number> = {}) {
  const m = new FixtureMachine(version);
  machines.push(m);
  const asked: string[] = [];
  const locator = createCgroupLocator({
    version,
    cgroupRoot: m.cgroupRoot,
    procRoot: m.procRoot,
    read: readText,
    containerPid: async (containerId) => {
      asked.push(containerId);
      return pids[containerId] ?? null;
    },
  });
  return { m, locator, asked };
}

describe("cgroup locator", () => {
  it.each([1, 2] as const)("v%i: finds Docker's usual layouts without asking the engine", async (version) => {
    const { m, locator, asked } = setup(version);
    m.writeContainer(id(1), NO_LIMITS);
    m.writeContainer(id(2), NO_LIMITS, `/system.slice/docker-${id(2)}.scope`);
    expect(await locator.locate(id(1))).toMatchObject({ cgroup: { version }, pid: null });
    const systemd = await locator.locate(id(2));
    expect(systemd?.cgroup.version === 2 ? systemd.cgroup.dir : systemd?.cgroup.cpuacct).toContain(`/system.slice/docker-${id(2)}.scope`);
    expect(asked).toEqual([]);
  });

  it.each([1, 2] as const)("v%i: asks the engine for a pid under a --cgroup-parent, then knows the layout", async (version) => {
    const { m, locator, asked } = setup(version, { [id(3)]: 3003 });
    m.writeContainer(id(3), { ...NO_LIMITS, pids: [3003] }, `/wharf-node1/${id(3)}`);
    m.writeContainer(id(4), { ...NO_LIMITS, pids: [4004] }, `/wharf-node1/${id(4)}`);
    const first = await locator.locate(id(3));
    expect(first).toMatchObject({ pid: 3003 });
    expect(first?.cgroup.version === 2 ? first.cgroup.dir : first?.cgroup.memory).toContain(`/wharf-node1/${id(3)}`);
    expect(await locator.locate(id(4))).toMatchObject({ pid: null });
    expect(asked).toEqual([id(3)]);
  });

  it("gives up on a container it cannot see: not running, or a cgroup namespace hiding the path", async () => {
    const { m, locator } = setup(2, { [id(6)]: 6006 });
    expect(await locator.locate(id(5))).toBeNull();
    // the agent in its own cgroup namespace: /proc/<pid>/cgroup says "0::/", which is not the container
    m.writeContainer(id(6), { ...NO_LIMITS, pids: [6006] }, "/");
    expect(await locator.locate(id(6))).toBeNull();
  });
});
