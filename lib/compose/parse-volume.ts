import type { ParseResult } from "./parse-duration";

export type Propagation = "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave";

/** A service mount after normalisation; `source` of a volume mount is the compose volume key. */
export type Mount =
  | { type: "volume"; source?: string; target: string; read_only: boolean; nocopy: boolean }
  | { type: "bind"; source: string; target: string; read_only: boolean; propagation?: Propagation; selinux?: "z" | "Z" }
  | { type: "tmpfs"; target: string; read_only: boolean; size?: number; mode?: number };

const PROPAGATIONS: readonly string[] = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];
// Accepted for compatibility; they only mattered for Docker Desktop file sharing.
const CONSISTENCY = ["consistent", "cached", "delegated"];

/**
 * Parses `[source:]target[:options]`. A source starting with "/" is a bind mount; anything else
 * is a named volume. Relative paths ("./data", "~/x") are refused: they are relative to the
 * machine running `docker compose`, which does not exist for a Swarm deployment.
 */
export function parseVolumeShort(input: string): ParseResult<Mount> {
  const parts = input.split(":");
  if (parts.length > 3) return { ok: false, message: `invalid volume "${input}": expected [source:]target[:options]` };
  if (parts.length === 1) {
    const target = parts[0] ?? "";
    if (!target.startsWith("/")) return { ok: false, message: `anonymous volume "${input}" needs an absolute container path` };
    return { ok: true, value: { type: "volume", target, read_only: false, nocopy: false } };
  }
  const [source = "", target = "", optionText] = parts;
  if (source === "") return { ok: false, message: `invalid volume "${input}": the source is empty` };
  if (!target.startsWith("/")) return { ok: false, message: `invalid volume "${input}": the container path "${target}" must be absolute` };
  let readOnly = false;
  let nocopy = false;
  let propagation: Propagation | undefined;
  let selinux: "z" | "Z" | undefined;
  for (const option of optionText ? optionText.split(",") : []) {
    if (option === "ro" || option === "rw") readOnly = option === "ro";
    else if (option === "nocopy") nocopy = true;
    else if (option === "z" || option === "Z") selinux = option;
    else if (PROPAGATIONS.includes(option)) propagation = option as Propagation;
    else if (!CONSISTENCY.includes(option)) {
      return { ok: false, message: `unknown volume option "${option}" in "${input}": use ro, rw, nocopy, z, Z or a propagation mode` };
    }
  }
  if (source.startsWith(".") || source.startsWith("~")) {
    return {
      ok: false,
      message: `relative bind path "${source}" cannot be used on a cluster; use an absolute path on the node or a named volume`,
    };
  }
  if (source.startsWith("/")) {
    if (nocopy) return { ok: false, message: `"nocopy" applies to named volumes, not to the bind mount "${source}"` };
    return { ok: true, value: { type: "bind", source, target, read_only: readOnly, propagation, selinux } };
  }
  if (propagation || selinux)
    return { ok: false, message: `options ${propagation ?? selinux} apply to bind mounts, not to the named volume "${source}"` };
  return { ok: true, value: { type: "volume", source, target, read_only: readOnly, nocopy } };
}
