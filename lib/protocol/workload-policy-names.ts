/**
 * How the workload policy spells host paths, capabilities and sysctl names, shared by the policy
 * schema (which normalises what an owner writes) and the rules (which normalise what a spec asks).
 */

/**
 * "/srv/./a//b/../c/" → "/srv/a/c": `.`, empty segments and `..` resolved lexically (above "/" stays
 * at "/"), no trailing slash. null for anything that is not an absolute path. The compiler writes the
 * normalised path into the spec and the agent refuses any other spelling, so the path that was
 * checked is the path that is mounted.
 */
export function normalizeHostPath(path: string): string | null {
  if (typeof path !== "string" || !path.startsWith("/") || path.includes("\0")) return null;
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return `/${out.join("/")}`;
}

/** Whether normalised `path` is `prefix` or lies below it, segment by segment (/srv covers /srv/a, not /srvx). */
export function isUnderPath(path: string, prefix: string): boolean {
  return prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);
}

/** "cap_sys_admin" / "SYS_ADMIN" / "CAP_SYS_ADMIN" → "SYS_ADMIN"; "all" → "ALL"; null when not a capability name. */
export function normalizeCapability(name: string): string | null {
  const upper = String(name).trim().toUpperCase();
  const bare = upper.startsWith("CAP_") ? upper.slice(4) : upper;
  return /^[A-Z][A-Z0-9_]{0,40}$/.test(bare) ? bare : null;
}

/** "net/ipv4/ip_forward" → "net.ipv4.ip_forward"; "*" stays; null when not a sysctl name. */
export function normalizeSysctlName(name: string): string | null {
  const text = String(name).trim().toLowerCase().replaceAll("/", ".");
  if (text === "*") return text;
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(text) && text.length <= 128 ? text : null;
}

/** Whether allowed prefix `allowed` covers sysctl `name`, per dotted segment. */
export function sysctlMatches(allowed: string, name: string): boolean {
  return allowed === "*" || name === allowed || name.startsWith(`${allowed}.`);
}
