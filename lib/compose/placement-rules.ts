import { countStars, MAX_GLOB_STARS } from "@/lib/protocol/glob";
import { hint } from "./did-you-mean";
import type { PlacementRule, PlacementRuleKind } from "./extensions";
import type { ParseResult } from "./parse-duration";

const KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const MAX_ALTERNATIVES = 32;
const MAX_VALUE_LENGTH = 256;
const AFFINITY_KEYS = ["image", "service"];

/** Splits `key<op>value`, recognising ==, !=, their soft forms ==~ / !=~, and ~= (soft ==). */
function splitOperator(body: string): { key: string; op: "==" | "!="; soft: boolean; value: string } | undefined {
  const match = /^([^=!~]*)(==~|!=~|==|!=|~=)(.*)$/s.exec(body);
  if (!match) return undefined;
  const operator = match[2] ?? "";
  return {
    key: (match[1] ?? "").trim(),
    op: operator.startsWith("!") ? "!=" : "==",
    soft: operator.includes("~"),
    value: (match[3] ?? "").trim(),
  };
}

function parseValues(value: string, expression: string): ParseResult<{ values: string[]; glob: boolean }> {
  if (value === "") return { ok: false, message: `"${expression}" has no value after the operator` };
  if (value.startsWith("/") && value.endsWith("/") && value.length > 1) {
    return { ok: false, message: `"${expression}": regular expressions are not supported; use alternatives (a|b) or * wildcards` };
  }
  let values = [value];
  if (value.startsWith("(") || value.endsWith(")")) {
    if (!/^\([^()]*\)$/.test(value)) return { ok: false, message: `"${expression}": alternatives must look like (a|b|c)` };
    values = value
      .slice(1, -1)
      .split("|")
      .map((v) => v.trim());
    if (values.some((v) => v === "")) return { ok: false, message: `"${expression}" has an empty alternative` };
  }
  if (values.some((v) => !/^[A-Za-z0-9_.\-:/@*]+$/.test(v))) {
    return { ok: false, message: `"${expression}": values may contain letters, digits, ".", "-", "_", ":", "/", "@" and "*"` };
  }
  // Bounded so a compose file cannot make placement expensive; matching is linear anyway.
  if (values.length > MAX_ALTERNATIVES) return { ok: false, message: `"${expression}" has more than ${MAX_ALTERNATIVES} alternatives` };
  if (values.some((v) => v.length > MAX_VALUE_LENGTH))
    return { ok: false, message: `"${expression}": a value may be at most ${MAX_VALUE_LENGTH} characters` };
  if (values.some((v) => countStars(v) > MAX_GLOB_STARS))
    return { ok: false, message: `"${expression}": a value may contain at most ${MAX_GLOB_STARS} * wildcards` };
  return { ok: true, value: { values, glob: values.some((v) => v.includes("*")) } };
}

/**
 * Parses the body of a classic scheduling expression (what follows `constraint:` or `affinity:`).
 * `constraint:node=x` is refused with a pointed message: a single "=" is the commonest typo and
 * would otherwise look like an environment variable.
 */
export function parsePlacementRule(kind: PlacementRuleKind, body: string): ParseResult<PlacementRule> {
  const expression = `${kind}:${body}`;
  const parts = splitOperator(body);
  if (!parts) {
    const eq = body.indexOf("=");
    const fix = eq > 0 ? ` (e.g. ${kind}:${body.slice(0, eq)}==${body.slice(eq + 1)})` : "";
    return { ok: false, message: `invalid ${kind} "${expression}": use "==" (must match) or "!=" (must not match)${fix}` };
  }
  if (!KEY.test(parts.key)) return { ok: false, message: `invalid ${kind} "${expression}": "${parts.key}" is not a valid key` };
  const parsed = parseValues(parts.value, expression);
  if (!parsed.ok) return parsed;
  if (kind === "affinity") {
    if (!AFFINITY_KEYS.includes(parts.key)) {
      const why =
        parts.key === "container"
          ? "containers are not addressable on Swarm; use affinity:service"
          : `use affinity:image or affinity:service${hint(parts.key, AFFINITY_KEYS)}`;
      return { ok: false, message: `unsupported affinity "${expression}": ${why}` };
    }
    if (parsed.value.values.length > 1 || parsed.value.glob) {
      return { ok: false, message: `affinity "${expression}" takes one ${parts.key} name, without alternatives or wildcards` };
    }
  }
  return {
    ok: true,
    value: { kind, key: parts.key, op: parts.op, values: parsed.value.values, glob: parsed.value.glob, soft: parts.soft, expression },
  };
}

/** Parses `com.docker.swarm.constraints: '["node==a", "zone!=b"]'` (standalone Swarm labels). */
export function parseSwarmLabelList(kind: PlacementRuleKind, text: string): ParseResult<PlacementRule[]> {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return { ok: false, message: `expected a JSON list of expressions such as '["node==web-1"]'` };
  }
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
    return { ok: false, message: `expected a JSON list of strings such as '["node==web-1"]'` };
  }
  const rules: PlacementRule[] = [];
  for (const item of list as string[]) {
    const parsed = parsePlacementRule(kind, item);
    if (!parsed.ok) return parsed;
    rules.push(parsed.value);
  }
  return { ok: true, value: rules };
}
