/**
 * Finds a container's cgroup. Docker puts it at /docker/<id> (cgroupfs driver) or
 * /system.slice/docker-<id>.scope (systemd driver) unless the daemon runs with a --cgroup-parent;
 * those are tried first, together with every layout learned from an earlier container. Only when
 * none exists is the engine asked for the container's pid, whose /proc/<pid>/cgroup names the
 * cgroup; its layout is learned so the next containers need no engine call either. Found
 * locations are cached by the caller (a container's cgroup never moves).
 */
import path from "node:path";
import { cgroupPathOf } from "./cgroup-parse";
import { cgroupAt, cgroupExists, type CgroupVersion, type ContainerCgroup, type ReadText, type V1Controller } from "./cgroup-reader";

const ID = "{id}";
const DEFAULT_LAYOUTS = [`/docker/${ID}`, `/system.slice/docker-${ID}.scope`];

export type LocatedCgroup = {
  cgroup: ContainerCgroup;
  /** The container's main process when the engine was asked; otherwise read from cgroup.procs later. */
  pid: number | null;
};

export type CgroupLocatorOptions = {
  version: CgroupVersion;
  cgroupRoot: string;
  procRoot: string;
  read: ReadText;
  /** The container's main pid from the engine (inspect); null when it is not running. */
  containerPid: (id: string) => Promise<number | null>;
};

export type CgroupLocator = { locate(containerId: string): Promise<LocatedCgroup | null> };

export function createCgroupLocator(options: CgroupLocatorOptions): CgroupLocator {
  const { version, cgroupRoot, procRoot, read } = options;
  const layouts = new Set<string>(DEFAULT_LAYOUTS);

  async function fromLayouts(id: string): Promise<ContainerCgroup | null> {
    for (const layout of layouts) {
      const cgroup = cgroupAt(version, cgroupRoot, layout.replace(ID, id));
      if (await cgroupExists(cgroup)) return cgroup;
    }
    return null;
  }

  async function fromPid(id: string, pid: number): Promise<ContainerCgroup | null> {
    const procCgroup = await read(path.join(procRoot, String(pid), "cgroup")).catch(() => "");
    const of = (controller: V1Controller | "") => cgroupPathOf(procCgroup, controller);
    const relative = version === 2 ? of("") : of("cpuacct");
    // the path must name the container: a cgroup namespace would show "/" here, the whole machine
    if (!relative || !relative.includes(id)) return null;
    const cgroup = version === 2 ? cgroupAt(2, cgroupRoot, relative) : cgroupAt(1, cgroupRoot, (controller) => of(controller) ?? relative);
    if (!(await cgroupExists(cgroup))) return null;
    layouts.add(relative.replace(id, ID));
    return cgroup;
  }

  return {
    async locate(id) {
      const known = await fromLayouts(id);
      if (known) return { cgroup: known, pid: null };
      const pid = await options.containerPid(id);
      const cgroup = pid === null ? null : await fromPid(id, pid);
      return cgroup ? { cgroup, pid } : null;
    },
  };
}
