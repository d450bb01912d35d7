/**
 * Docker registry token scopes ("repository:acme/web:pull,push", "registry:catalog:*") and the
 * `access` claim they become. Pure, browser-safe.
 */
export type Scope = { type: string; name: string; actions: string[] };
export type AccessEntry = { type: string; name: string; actions: string[] };

/** Distribution's repository name grammar: path components separated by "/". */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function isRepositoryPath(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  return name.split("/").every((part) => COMPONENT.test(part));
}

/**
 * Parses the `scope` query values (repeatable, each possibly space separated). Malformed scopes
 * are dropped: they are granted nothing either way.
 */
export function parseScopes(values: string[]): Scope[] {
  const out: Scope[] = [];
  for (const value of values) {
    for (const raw of value.split(" ").filter(Boolean)) {
      const first = raw.indexOf(":");
      const last = raw.lastIndexOf(":");
      if (first <= 0 || last === first) continue;
      const type = raw.slice(0, first);
      const name = raw.slice(first + 1, last);
      const actions = [
        ...new Set(
          raw
            .slice(last + 1)
            .split(",")
            .filter(Boolean),
        ),
      ];
      if (!/^[a-z]+(\([a-z0-9]+\))?$/.test(type) || !name || actions.length === 0) continue;
      out.push({ type, name, actions });
    }
  }
  return out;
}

/** The organisation namespace a repository path belongs to ("acme/web/api" → "acme"). */
export function namespaceOf(path: string): string | null {
  const slash = path.indexOf("/");
  return slash > 0 ? path.slice(0, slash) : null;
}
