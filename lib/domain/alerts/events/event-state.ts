/**
 * What the event-alert runs remember between them (pure): per rule and subject, the alert last
 * posted and since when its condition holds, so conditions with a duration fire only once they
 * have held that long, and alerts that stopped are resolved.
 */
import { ruleLabels } from "../alert-labels";
import type { EventCondition } from "./event-condition";

export type Entry = {
  ruleId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  pendingSince: string;
  firing: boolean;
};

export const conditionKey = (c: Pick<EventCondition, "rule" | "subject">) =>
  `${c.rule.id}|${JSON.stringify(Object.entries(c.subject).sort(([a], [b]) => a.localeCompare(b)))}`;

/** The entry for a condition seen now, given the previous run's entry for the same rule and subject. */
export function nextEntry(c: EventCondition, previous: Entry | undefined, now: Date): Entry {
  const pendingSince = previous?.pendingSince ?? now.toISOString();
  const held = now.getTime() - Date.parse(pendingSince) >= (c.holdSeconds ?? 0) * 1000;
  const reported = c.holdSeconds ? Date.parse(pendingSince) : c.startsAt.getTime();
  const startsAt = new Date(Math.min(reported, previous?.firing ? Date.parse(previous.startsAt) : Infinity)).toISOString();
  const annotations: Record<string, string> = { summary: c.summary, rule_name: c.rule.name };
  if (typeof c.value === "number" && Number.isFinite(c.value)) annotations.value = String(c.value);
  return { ruleId: c.rule.id, labels: { ...c.subject, ...ruleLabels(c.rule) }, annotations, startsAt, pendingSince, firing: held };
}
