/**
 * Writes every organisation's metric alert rules into Prometheus' rules directory and reloads it.
 * Run by a job whenever a rule changes and on a schedule (a missed trigger, a Prometheus that was
 * down, an application renamed). Idempotent: the file is replaced atomically (temporary file, then
 * rename) only when its text changed, and Prometheus is reloaded only when what it last loaded
 * differs (a marker beside the file records that; it is not a *.yml, so Prometheus ignores it).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { prisma } from "@/lib/db";
import { reloadPrometheus } from "@/lib/drivers/prometheus/reload-prometheus";
import { env } from "@/lib/env";
import type { Logger } from "@/lib/logger";
import { PROMETHEUS_KINDS, renderRuleFile, type MetricRuleInput } from "./render-rule-file";
import { ALERT_RULE_SELECT } from "./alert-rule-select";

export const RULE_FILE = "wharf-alerts.yml";
const MARKER = ".wharf-alerts.loaded";

export function rulesDir(): string {
  return path.resolve(env.PROMETHEUS_RULES_DIR ?? path.join(env.PROMETHEUS_DATA_DIR, "rules"));
}

/** Enabled metric rules with their application's compose name (rules of a deleted application match nothing and are left out). */
export async function metricRuleInputs(): Promise<MetricRuleInput[]> {
  const rules = await prisma.alertRule.findMany({
    where: { enabled: true, kind: { in: [...PROMETHEUS_KINDS] } },
    select: {
      ...ALERT_RULE_SELECT,
    },
  });
  const appIds = [...new Set(rules.flatMap((r) => (r.applicationId ? [r.applicationId] : [])))];
  const apps = appIds.length
    ? await prisma.application.findMany({ where: { id: { in: appIds } }, select: { id: true, orgId: true, name: true } })
    : [];
  // The application must be the rule's organisation's: its name goes into the query beside the org matcher.
  const names = new Map(apps.map((a) => [`${a.orgId}/${a.id}`, a.name]));
  return rules.flatMap((r) => {
    const application = r.applicationId ? names.get(`${r.orgId}/${r.applicationId}`) : null;
    if (application === undefined) return [];
    return [{ ...r, application }];
  });
}

const readOrNull = (file: string) =>
  readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? null : Promise.reject(err)));

export type SyncRulesResult = { rules: number; written: boolean; reloaded: boolean };

export async function syncPrometheusRules({ log }: { log?: Logger } = {}): Promise<SyncRulesResult> {
  const inputs = await metricRuleInputs();
  const text = renderRuleFile(inputs);
  const hash = createHash("sha256").update(text).digest("hex");
  const dir = rulesDir();
  const file = path.join(dir, RULE_FILE);
  const marker = path.join(dir, MARKER);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [current, loaded] = await Promise.all([readOrNull(file), readOrNull(marker)]);
  const written = current !== text;
  if (written) {
    const tmp = path.join(dir, `.${RULE_FILE}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  }
  if (!written && loaded?.trim() === hash) return { rules: inputs.length, written: false, reloaded: false };
  // Throws when Prometheus is down or refuses the rules: the job retries, the schedule catches up.
  await reloadPrometheus();
  await writeFile(marker, `${hash}\n`, { mode: 0o600 });
  log?.info({ rules: inputs.length, file }, "alert rules written and Prometheus reloaded");
  return { rules: inputs.length, written, reloaded: true };
}
