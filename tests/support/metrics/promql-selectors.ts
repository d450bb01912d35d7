/**
 * Test support for PromQL built from user-given values (charts, alert rules): a hostile label value,
 * and every series selector's label matchers read back with PromQL's quoting rules.
 */
import { expect } from "vitest";

export const HOSTILE = 'web"} or vector(1) or up{x="\\';

/**
 * The label matchers of every series selector in a query (`wharf_…{label="value",…}`), read with
 * PromQL's quoting rules: a value that escaped badly would end the selector early and show up here
 * as a strange label or as text outside any selector.
 */
export function selectors(promql: string): Array<Array<[string, string]>> {
  const out: Array<Array<[string, string]>> = [];
  const re = /wharf_[a-z_]+\{/g;
  for (let m = re.exec(promql); m; m = re.exec(promql)) {
    const matchers: Array<[string, string]> = [];
    let i = m.index + m[0].length;
    while (promql[i] !== "}") {
      const label = /^([a-z_]+)="/.exec(promql.slice(i));
      if (!label?.[1]) throw new Error(`unreadable selector at ${i}: ${promql}`);
      i += label[0].length;
      let value = "";
      while (promql[i] !== '"') {
        if (promql[i] === "\\") i++;
        value += promql[i];
        i++;
      }
      matchers.push([label[1], value]);
      i++;
      if (promql[i] === ",") i++;
    }
    out.push(matchers);
    re.lastIndex = i;
  }
  return out;
}

/**
 * Every selector of every query starts with the organisation's matcher, and every other matcher is
 * one of `labels` holding exactly `value` (a bad escape would show up as a strange label or value).
 */
export function expectOrgScoped(
  queries: readonly string[],
  orgId: string,
  value: string,
  labels: readonly string[] = ["cluster", "node", "application", "service", "task"],
) {
  for (const q of queries) {
    const found = selectors(q);
    expect(found.length, q).toBeGreaterThan(0);
    for (const matchers of found) {
      expect(matchers[0], q).toEqual(["org", orgId]);
      for (const [label, v] of matchers.slice(1)) {
        expect(labels, q).toContain(label);
        expect(v).toBe(value);
      }
    }
  }
}
