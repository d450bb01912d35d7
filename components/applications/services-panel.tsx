"use client";

import { LineChart } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ServiceMetrics } from "@/components/metrics/service-metrics";
import { TaskMetrics } from "@/components/metrics/task-metrics";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { useAppStatus, useScale, useServiceSettings } from "@/lib/query/use-applications";
import type { Application } from "@/lib/schemas/applications";

const STATE_TONE: Record<string, "green" | "yellow" | "red" | "gray" | "blue"> = {
  running: "green",
  starting: "blue",
  preparing: "blue",
  pending: "yellow",
  assigned: "blue",
  failed: "red",
  rejected: "red",
  shutdown: "gray",
  complete: "gray",
};

/** The agent's URL probe (`probe.url`): a failing task is out of the load balancer and about to be replaced. */
const PROBE_TONE = { pending: "blue", passing: "green", failing: "red" } as const;

function ScaleControl({ app, service }: { app: Application; service: Application["services"][number] }) {
  const scale = useScale(app.id);
  const [value, setValue] = useState(String(service.replicas ?? 0));
  if (service.mode === "global") return <span className="text-xs text-slate-500">global</span>;
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => (e.preventDefault(), scale.mutate({ serviceId: service.id, replicas: Number(value) }))}
    >
      <Input
        aria-label={`Replicas of ${service.name}`}
        type="number"
        min={0}
        max={1000}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="w-20 py-1"
      />
      <Button type="submit" size="sm" variant="secondary" busy={scale.isPending} disabled={Number(value) === service.replicas}>
        Scale
      </Button>
      {scale.error && <span className="text-xs text-red-600">{scale.error.message}</span>}
    </form>
  );
}

/** Live services → tasks → node, state, restarts, ports; scaling and the redeploy-on-push toggle. */
export function ServicesPanel({ app, manage, onLogs }: { app: Application; manage: boolean; onLogs: (serviceId: string) => void }) {
  const { data: status, error } = useAppStatus(app.id);
  const settings = useServiceSettings(app.id);
  // Charts open on demand: a service's (Metrics) and one task's container (from its row).
  const [charts, setCharts] = useState<Record<string, boolean>>({});
  const [task, setTask] = useState<{ serviceId: string; taskId: string; name: string } | null>(null);
  return (
    <div className="space-y-6">
      {error && <Alert>{error.message}</Alert>}
      {status && !status.reachable && (
        <Alert tone="warning" title="The cluster did not answer">
          {status.error}
        </Alert>
      )}
      {app.services.map((service) => {
        const live = status?.services.find((s) => s.id === service.id);
        return (
          <Card key={service.id} data-testid={`service-${service.name}`}>
            <CardHeader
              title={
                <span>
                  {service.name} <span className="text-xs font-normal text-slate-500">{service.swarmName}</span>
                </span>
              }
              description={
                <>
                  <code className="text-xs">{service.image}</code> ·{" "}
                  {live ? (
                    <span data-testid={`running-${service.name}`}>
                      {live.running}/{live.desired} running
                    </span>
                  ) : (
                    "…"
                  )}
                  {live && live.restarts > 0 && (
                    <>
                      {" "}
                      · {live.restarts} restart{live.restarts === 1 ? "" : "s"}
                    </>
                  )}
                  {live?.updateStatus && <> · update {live.updateStatus.state.replace("_", " ")}</>}
                  {service.ports.length > 0 && <> · ports {service.ports.map((p) => `${p.published ?? "auto"}→${p.target}`).join(", ")}</>}
                </>
              }
              actions={
                <div className="flex flex-wrap items-center gap-2">
                  {manage && <ScaleControl app={app} service={service} />}
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-expanded={Boolean(charts[service.id])}
                    onClick={() => setCharts((c) => ({ ...c, [service.id]: !c[service.id] }))}
                  >
                    Metrics
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => onLogs(service.id)}>
                    Logs
                  </Button>
                </div>
              }
            />
            {manage && (
              <label className="flex items-center gap-2 px-5 pt-3 text-sm">
                <input
                  type="checkbox"
                  checked={service.latestImage}
                  onChange={(e) => settings.mutate({ serviceId: service.id, latestImage: e.target.checked })}
                />
                Redeploy automatically when its image tag is pushed
              </label>
            )}
            {live && live.tasks.length > 0 ? (
              <Table>
                <TableHead columns={["Task", "Node", "State", "Ports", "Message"]} actionsLabel="Charts" />
                <tbody>
                  {live.tasks.map((t) => (
                    <Tr key={t.id}>
                      <Td className="text-xs">
                        {service.name}.{t.slot ?? "—"} <span className="text-slate-400">{t.id.slice(0, 10)}</span>
                      </Td>
                      <Td>{t.node ?? "—"}</Td>
                      <Td>
                        <Badge tone={STATE_TONE[t.state] ?? "gray"}>{t.state}</Badge>
                        {t.desiredState !== t.state && <span className="ml-1 text-xs text-slate-500">→ {t.desiredState}</span>}
                        {t.probe && (
                          <span className="ml-1" data-testid={`task-probe-${t.id}`}>
                            <Badge tone={PROBE_TONE[t.probe]}>probe: {t.probe}</Badge>
                          </span>
                        )}
                      </Td>
                      <Td className="text-xs">{t.ports.map((p) => `${p.published}→${p.target}`).join(", ") || "—"}</Td>
                      <Td className="max-w-sm truncate text-xs text-slate-500" title={t.error ?? t.message}>
                        {t.error ?? t.message}
                        {t.exitCode !== null && t.exitCode !== 0 ? ` (exit ${t.exitCode})` : ""}
                      </Td>
                      <Td>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Metrics of ${service.name}.${t.slot ?? t.id.slice(0, 10)}`}
                          aria-pressed={task?.taskId === t.id}
                          onClick={() =>
                            setTask(
                              task?.taskId === t.id
                                ? null
                                : { serviceId: service.id, taskId: t.id, name: `${service.name}.${t.slot ?? t.id.slice(0, 10)}` },
                            )
                          }
                        >
                          <LineChart className="size-3.5" aria-hidden />
                          Metrics
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            ) : (
              <p className="p-5 text-sm text-slate-500">{live?.exists === false ? "Not in the cluster yet." : "No tasks."}</p>
            )}
            {task?.serviceId === service.id && (
              <div className="border-t border-slate-200 p-4 dark:border-slate-800">
                <TaskMetrics applicationId={app.id} taskId={task.taskId} name={task.name} onClose={() => setTask(null)} />
              </div>
            )}
            {charts[service.id] && (
              <div className="border-t border-slate-200 p-4 dark:border-slate-800">
                <ServiceMetrics applicationId={app.id} serviceId={service.id} serviceName={service.name} />
              </div>
            )}
          </Card>
        );
      })}
    </div>
  );
}
