/**
 * The pure checks behind the workload policy, shared by the compose compiler and the agent so both
 * judge a host path, a capability or a volume's driver options the same way.
 */
import type { WorkloadPolicy } from "./workload-policy";
import { isUnderPath, normalizeCapability, normalizeHostPath, normalizeSysctlName, sysctlMatches } from "./workload-policy-names";

export { isUnderPath, normalizeCapability, normalizeHostPath, normalizeSysctlName, sysctlMatches };

const POLICY = "this cluster's workload policy";

/**
 * Where the container engine keeps its sockets and state. Reaching any of them is root on the node
 * (start a privileged container, read every container's files), so they are guarded by the
 * dockerSocket rule and never granted through the path allow-list alone. /run/user holds rootless
 * engines' sockets; /var/lib/wharf-agent the agent's own node credential.
 */
export const ENGINE_PATHS: readonly string[] = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run/docker",
  "/run/docker",
  "/var/run/containerd",
  "/run/containerd",
  "/var/lib/docker",
  "/var/lib/containerd",
  "/run/podman",
  "/var/run/podman",
  "/run/crio",
  "/var/run/crio",
  "/run/buildkit",
  "/run/user",
  "/var/lib/wharf-agent",
];

const SOCKET_NAMES = ["docker.sock", "containerd.sock", "podman.sock", "crio.sock", "buildkitd.sock", "dockershim.sock"];

/**
 * The engine path a bind of `path` (normalised) reaches: the path itself when it is inside one, or
 * the first one it contains (binding "/" or "/var" also hands over /var/run/docker.sock). null when
 * it reaches none.
 */
export function engineAccessOf(path: string): { guarded: string; inside: boolean } | null {
  for (const guarded of ENGINE_PATHS) {
    if (isUnderPath(path, guarded)) return { guarded, inside: true };
  }
  for (const guarded of ENGINE_PATHS) {
    if (isUnderPath(guarded, path)) return { guarded, inside: false };
  }
  const base = path.slice(path.lastIndexOf("/") + 1);
  return SOCKET_NAMES.includes(base) ? { guarded: path, inside: true } : null;
}

export type RuleProblem = { rule: keyof WorkloadPolicy; message: string };

/** Why a bind mount of `source` is refused under `policy`, or null when it is allowed. */
export function bindMountProblem(source: string, policy: WorkloadPolicy): RuleProblem | null {
  const path = normalizeHostPath(source);
  if (path === null) return { rule: "bindMountPaths", message: `bind mount source "${source}" is not an absolute host path` };
  const engine = engineAccessOf(path);
  if (engine && !policy.dockerSocket) {
    const what = engine.inside ? "it is the container engine's socket or state" : `it contains the container engine's ${engine.guarded}`;
    return { rule: "dockerSocket", message: `bind mount of ${path} is not allowed by ${POLICY}: ${what}, which is root on the node` };
  }
  // The dockerSocket rule alone grants the engine's own paths; anything wider needs the allow-list too.
  const listed = policy.bindMountPaths.some((prefix) => isUnderPath(path, prefix));
  if (listed || (engine?.inside && policy.dockerSocket)) return null;
  const allowed =
    policy.bindMountPaths.length > 0
      ? `only ${policy.bindMountPaths.join(", ")} may be bind-mounted`
      : "it allows no bind mounts of host paths";
  return { rule: "bindMountPaths", message: `bind mount of ${path} is not allowed by ${POLICY} (${allowed}); use a named volume` };
}

export function capabilityProblem(name: string, policy: WorkloadPolicy): RuleProblem | null {
  const cap = normalizeCapability(name);
  if (cap !== null && (policy.capabilities.includes("ALL") || (cap !== "ALL" && policy.capabilities.includes(cap)))) return null;
  const shown = cap ?? name;
  const allowed = policy.capabilities.length > 0 ? `it allows ${policy.capabilities.join(", ")}` : "it allows no added capabilities";
  return { rule: "capabilities", message: `cap_add ${shown} is not allowed by ${POLICY} (${allowed})` };
}

export function sysctlProblem(name: string, policy: WorkloadPolicy): RuleProblem | null {
  const normalized = normalizeSysctlName(name);
  if (normalized !== null && normalized !== "*" && policy.sysctls.some((allowed) => sysctlMatches(allowed, normalized))) return null;
  const allowed = policy.sysctls.length > 0 ? `it allows ${policy.sysctls.join(", ")}` : "it allows no sysctls";
  return { rule: "sysctls", message: `sysctl ${normalized ?? name} is not allowed by ${POLICY} (${allowed})` };
}

/** Host ports below this need the privilegedPorts rule. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

export function publishedPortProblem(port: number, policy: WorkloadPolicy): RuleProblem | null {
  if (policy.privilegedPorts || port >= FIRST_UNPRIVILEGED_PORT) return null;
  return {
    rule: "privilegedPorts",
    message: `publishing host port ${port} is not allowed by ${POLICY}: host ports below ${FIRST_UNPRIVILEGED_PORT} are reserved for the machine's own services; publish ${FIRST_UNPRIVILEGED_PORT} or above`,
  };
}

/**
 * File system types the local volume driver may mount with a `device`: network shares and memory.
 * Their device names a server export ("addr=…", ":/export", "//server/share") or nothing at all
 * (tmpfs), never a path on the node. Every other type (ext4, xfs, btrfs, overlay, proc, sysfs…)
 * mounts a block device, a directory or a kernel view of the node itself.
 */
export const NETWORK_FS_TYPES: readonly string[] = ["nfs", "nfs4", "cifs", "smb3", "tmpfs"];

const BIND_TYPES = ["none", "bind", "rbind"];

function lowerKeys(options: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) out[key.trim().toLowerCase()] = String(value).trim();
  return out;
}

/**
 * Why a volume's driver options reach the node's own files or devices, or null. Checked for named
 * volumes (compose `driver_opts`, the spec's VolumeOptions.DriverConfig):
 * - `o` with a bind/rbind flag, or any `o` option whose value is an absolute path (overlay's
 *   lowerdir=, cifs' credentials=): a bind or a read of host paths, whatever the driver;
 * - `type: none|bind|rbind`: the local driver's bind mount;
 * - local driver: a `type` outside NETWORK_FS_TYPES (it mounts a node device or kernel file
 *   system), or a `device` without such a type (the mount syscall resolves even a relative
 *   device against the engine's working directory, "/");
 * - plugin drivers: Wharf cannot know their options, so any value that is an absolute path may
 *   be a host path (local-persist's `mountpoint: /`) and is refused; names like `bucket` pass.
 */
export function hostPathInDriverOptions(driver: string | undefined, options: Record<string, string>): string | null {
  const opts = lowerKeys(options);
  const name = (driver ?? "local")
    .trim()
    .toLowerCase()
    .replace(/:latest$/, "");
  for (const token of (opts.o ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean)) {
    const [flag = "", value = ""] = token.split(/=(.*)/s);
    if (/^r?bind$/i.test(flag)) return `o: ${opts.o} makes a bind mount of a host path`;
    if (value.trim().startsWith("/")) return `o: ${token} names a host path`;
  }
  const type = opts.type?.toLowerCase();
  if (type !== undefined && BIND_TYPES.includes(type)) return `type: ${opts.type} binds a host path`;
  if (name === "local" || name === "") {
    if (type !== undefined && !NETWORK_FS_TYPES.includes(type))
      return `type: ${opts.type} mounts a device or file system of the node (only ${NETWORK_FS_TYPES.join(", ")} are network or memory file systems)`;
    if (opts.device !== undefined && type === undefined)
      return `device: ${opts.device} without a network file system type mounts a path or device of the node`;
    return null;
  }
  for (const [key, value] of Object.entries(opts)) {
    if (value.startsWith("/")) return `${key}: ${value} looks like a host path, and the ${driver} driver may mount it from the node`;
  }
  return null;
}

export function driverOptionsProblem(
  driver: string | undefined,
  options: Record<string, string>,
  policy: WorkloadPolicy,
): RuleProblem | null {
  if (policy.volumeHostPaths) return null;
  const why = hostPathInDriverOptions(driver, options);
  return why ? { rule: "volumeHostPaths", message: `volume driver options are not allowed by ${POLICY}: ${why}` } : null;
}
