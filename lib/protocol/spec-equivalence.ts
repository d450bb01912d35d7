/**
 * Whether a desired ServiceSpec is what the swarm already holds. The engine stores a normalised
 * spec: it drops empty values (Delay: 0, Constraints: []), adds defaults (Isolation "default",
 * Runtime "container", MaxAttempts: 0) and keeps network IDs. So a field missing on one side
 * matches an empty or default value on the other; everything else must be equal, arrays in
 * order. A difference this misses would skip an update; one it invents only costs a no-op update
 * (the swarm restarts no task for an unchanged task spec). One function for "has it changed?":
 * the agent's no-op check and the control plane's comparisons use it alike.
 */
const DEFAULTS: Record<string, unknown> = {
  "TaskTemplate.ContainerSpec.Isolation": "default",
  "TaskTemplate.Runtime": "container",
  "EndpointSpec.Mode": "vip",
};

export function equivalentSpecs(desired: unknown, current: unknown): boolean {
  return equivalentAt(desired, current, "");
}

/**
 * The same judgement for a sub-tree: a and b are the values found at `path` in two specs (dotted
 * field names as the API spells them, "TaskTemplate.ContainerSpec.Env"), so the engine's defaults
 * and empty values for that place apply. A list item's path ends in "[]" ("…Mounts[]").
 */
export function equivalentAt(a: unknown, b: unknown, path: string): boolean {
  // a service's mode is its key (Replicated, Global, ...), even when its value is empty
  if (path === "Mode" && isRecord(a) && isRecord(b) && presentKeys(a) !== presentKeys(b)) return false;
  if (isEmptyAt(a, path) && isEmptyAt(b, path)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equivalentAt(item, b[i], `${path}[]`));
  if (isRecord(a) && isRecord(b)) {
    return pairedFields(a, b).every(([key, x, y]) => equivalentAt(x, y, path ? `${path}.${key}` : key));
  }
  return a === b;
}

/**
 * The fields of two records side by side, keys matched regardless of case: the engine reads JSON
 * as Go does (case-insensitively) and writes its own spelling back, so the "HealthCheck" the
 * compiler sends is stored and returned as "Healthcheck". The first record's spelling is kept.
 */
export function pairedFields(a: Record<string, unknown>, b: Record<string, unknown>): Array<[key: string, a: unknown, b: unknown]> {
  const bKeys = new Map(Object.keys(b).map((key) => [key.toLowerCase(), key]));
  const seen = new Set<string>();
  const out: Array<[string, unknown, unknown]> = [];
  for (const key of Object.keys(a)) {
    const lower = key.toLowerCase();
    seen.add(lower);
    const other = bKeys.get(lower);
    out.push([key, a[key], other === undefined ? undefined : b[other]]);
  }
  for (const key of Object.keys(b)) if (!seen.has(key.toLowerCase())) out.push([key, undefined, b[key]]);
  return out;
}

function isEmptyAt(value: unknown, path: string): boolean {
  if (value === undefined || value === null || value === "" || value === 0 || value === false) return true;
  if (path in DEFAULTS && DEFAULTS[path] === value) return true;
  if (Array.isArray(value)) return value.length === 0;
  // a mode key (Global: {}) says something even when its value is empty
  if (path === "Mode" && isRecord(value) && presentKeys(value) !== "") return false;
  if (isRecord(value)) return Object.entries(value).every(([key, item]) => isEmptyAt(item, path ? `${path}.${key}` : key));
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function presentKeys(value: Record<string, unknown>): string {
  return Object.keys(value)
    .filter((key) => value[key] !== undefined && value[key] !== null)
    .sort()
    .join(",");
}
