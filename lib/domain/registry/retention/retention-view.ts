export const retentionRuleSelect = {
  id: true,
  repository: true,
  keepLast: true,
  keepDays: true,
  enabled: true,
  createdAt: true,
  lastRunAt: true,
  lastResult: true,
} as const;

type Row = {
  id: string;
  repository: string;
  keepLast: number | null;
  keepDays: number | null;
  enabled: boolean;
  createdAt: Date;
  lastRunAt: Date | null;
  lastResult: unknown;
};

export function retentionRuleView(row: Row) {
  const r = row.lastResult as { deleted?: number; kept?: number; errors?: string[] } | null;
  return { ...row, lastResult: r ? { deleted: r.deleted ?? 0, kept: r.kept ?? 0, errors: r.errors ?? [] } : null };
}
