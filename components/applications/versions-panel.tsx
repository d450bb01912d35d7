"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { fetchDiff, fetchVersion, useAppVersions, useRollback, type Version } from "@/lib/query/use-applications";
import { NewVersionCard } from "./new-version-card";

export function VersionsPanel({ appId, manage }: { appId: string; manage: boolean }) {
  const { data } = useAppVersions(appId);
  const rollback = useRollback(appId);
  const [shown, setShown] = useState<{ title: string; text: string } | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [confirm, setConfirm] = useState<Version | null>(null);
  const versions = data?.items ?? [];
  const show = async (v: Version) => setShown({ title: `Version ${v.version}`, text: (await fetchVersion(appId, v.id)).compose });
  const diff = async () => {
    const a = from || versions[1]?.id;
    const b = to || versions[0]?.id;
    if (!a || !b) return;
    const d = await fetchDiff(appId, a, b);
    setShown({ title: `Changes from version ${d.from} to ${d.to}`, text: d.patch });
  };
  return (
    <div className="space-y-6">
      {manage && <NewVersionCard appId={appId} />}
      <Card>
        <CardHeader title="Versions" description="Every update of the template is kept. Compare two, or roll back to an earlier one." />
        <Table>
          <TableHead columns={["Version", "Message", "Variables", "Uploaded"]} actionsLabel="Actions" />
          <tbody>
            {versions.map((v) => (
              <Tr key={v.id} data-testid={`version-${v.version}`}>
                <Td>
                  v{v.version} {v.current && <Badge tone="blue">current</Badge>} {v.deployed && <Badge tone="green">running</Badge>}
                </Td>
                <Td className="max-w-xs truncate">{v.message || "—"}</Td>
                <Td className="text-xs">{v.envKeys.join(", ") || "—"}</Td>
                <Td className="text-slate-500">
                  <TimeAgo iso={v.createdAt} />
                </Td>
                <Td className="space-x-1 text-right">
                  <Button size="sm" variant="ghost" onClick={() => void show(v)}>
                    View
                  </Button>
                  {manage && !v.current && (
                    <Button size="sm" variant="ghost" onClick={() => (rollback.reset(), setConfirm(v))}>
                      Roll back to this
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
        {versions.length > 1 && (
          <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 p-4 text-sm dark:border-slate-800">
            Compare
            <Select
              aria-label="From version"
              value={from || versions[1]?.id}
              onChange={(e) => setFrom(e.target.value)}
              className="w-28 py-1"
            >
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.version}
                </option>
              ))}
            </Select>
            with
            <Select aria-label="To version" value={to || versions[0]?.id} onChange={(e) => setTo(e.target.value)} className="w-28 py-1">
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  v{v.version}
                </option>
              ))}
            </Select>
            <Button size="sm" variant="secondary" onClick={() => void diff()}>
              Show diff
            </Button>
          </div>
        )}
      </Card>
      {shown && (
        <Card>
          <CardHeader
            title={shown.title}
            actions={
              <Button size="sm" variant="ghost" onClick={() => setShown(null)}>
                Close
              </Button>
            }
          />
          <pre data-testid="version-text" className="max-h-[32rem] overflow-auto p-4 font-mono text-xs leading-5">
            {shown.text.split("\n").map((line, i) => (
              <div
                key={i}
                className={
                  line.startsWith("+") && !line.startsWith("+++")
                    ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
                    : line.startsWith("-") && !line.startsWith("---")
                      ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-300"
                      : undefined
                }
              >
                {line || " "}
              </div>
            ))}
          </pre>
        </Card>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={`Roll back to version ${confirm?.version}?`}
        confirmLabel="Roll back"
        busy={rollback.isPending}
        error={rollback.error?.message}
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && rollback.mutate(confirm.id, { onSuccess: () => setConfirm(null) })}
      >
        <p>Version {confirm?.version} becomes current and is deployed with a rolling update. Later versions stay in the history.</p>
      </ConfirmDialog>
      {rollback.error && !confirm && <Alert>{rollback.error.message}</Alert>}
    </div>
  );
}
