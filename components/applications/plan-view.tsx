import { Badge } from "@/components/ui/badge";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import type { DeployPlan } from "@/lib/schemas/applications";

const DRIVER_LABEL = { haproxy: "HAProxy", "aliyun-slb": "Alibaba Cloud SLB", "aws-elbv2": "AWS ELBv2" } as const;

const TONE = { create: "green", update: "blue", unchanged: "gray", remove: "red" } as const;

function ActionBadge({ action }: { action: keyof typeof TONE }) {
  return (
    <Badge tone={TONE[action]}>
      {action === "create" ? "will create" : action === "update" ? "will update" : action === "remove" ? "will remove" : "unchanged"}
    </Badge>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/** The preview: everything a deployment would create, change or remove, and every warning. */
export function PlanView({ plan }: { plan: DeployPlan }) {
  const simple = (items: Array<{ name: string; action: keyof typeof TONE }>, extra?: (i: number) => string) => (
    <ul className="space-y-1 text-sm">
      {items.map((x, i) => (
        <li key={x.name} className="flex items-center gap-2">
          <ActionBadge action={x.action} />
          <code className="text-xs">{x.name}</code>
          {extra && <span className="text-xs text-slate-500">{extra(i)}</span>}
        </li>
      ))}
    </ul>
  );
  return (
    <div className="space-y-5" data-testid="deploy-plan">
      <Section title="Services">
        <Table>
          <TableHead columns={["Service", "Change", "Image", "Replicas", "Ports (host mode)", "Placement", "GPUs", "Health check"]} />
          <tbody>
            {plan.services.map((s) => (
              <Tr key={s.name}>
                <Td>
                  <span className="font-medium">{s.name}</span>
                  <p className="text-xs text-slate-500">{s.swarmName}</p>
                </Td>
                <Td>
                  <ActionBadge action={s.action} />
                  {s.changes.length > 0 && <p className="mt-1 text-xs text-slate-500">{s.changes.join(", ")}</p>}
                </Td>
                <Td>
                  <code className="text-xs">{s.image}</code>
                </Td>
                <Td>{s.mode === "global" ? "global (one per node)" : s.replicas}</Td>
                <Td className="text-xs">{s.ports.map((p) => `${p.published ?? "auto"}→${p.target}/${p.protocol}`).join(", ") || "—"}</Td>
                <Td className="max-w-xs whitespace-normal text-xs">{s.placement.join(", ") || "any node"}</Td>
                <Td className="text-xs">{s.gpus > 0 ? `${s.gpus} per task` : "—"}</Td>
                <Td className="max-w-xs whitespace-normal text-xs" data-testid={`plan-health-${s.name}`}>
                  {s.healthCheck ?? "the image's own, if any"}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Section>
      <div className="grid gap-5 md:grid-cols-2">
        {plan.networks.length > 0 && <Section title="Networks">{simple(plan.networks)}</Section>}
        {plan.volumes.length > 0 && <Section title="Volumes">{simple(plan.volumes, (i) => `driver ${plan.volumes[i]?.driver}`)}</Section>}
        {plan.secrets.length > 0 && <Section title="Secrets">{simple(plan.secrets)}</Section>}
        {plan.configs.length > 0 && <Section title="Configs">{simple(plan.configs)}</Section>}
        {plan.loadBalancers.length > 0 && (
          <Section title="Load-balancer bindings">
            <ul className="space-y-1 text-sm" data-testid="plan-lb-bindings">
              {plan.loadBalancers.map((b, i) => (
                <li key={i}>
                  <code className="text-xs">
                    {b.service}:{b.port}
                  </code>{" "}
                  → <code className="text-xs">{b.target}</code>
                  {b.loadBalancer && (
                    <span className="text-xs text-slate-500">
                      {" "}
                      via {b.loadBalancer.name} ({DRIVER_LABEL[b.loadBalancer.driver]})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {plan.routing.length > 0 && (
          <Section title="HTTP routing">
            <ul className="space-y-1 text-sm" data-testid="plan-routing">
              {plan.routing.map((r, i) => (
                <li key={i}>
                  <code className="text-xs">
                    {r.service}:{r.port}
                  </code>{" "}
                  ←{" "}
                  {r.urls.map((u) => (
                    <code key={u} className="mr-1 text-xs">
                      {u}
                    </code>
                  ))}
                  {r.internal.length > 0 && <span className="text-xs text-slate-500"> (cluster-internal: {r.internal.join(", ")})</span>}
                  {r.sticky && <span className="text-xs text-slate-500"> · sticky sessions</span>}
                  {r.loadBalancer && <span className="text-xs text-slate-500"> via {r.loadBalancer.name}</span>}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {plan.autoscaling.length > 0 && (
          <Section title="Autoscaling rules">
            <ul className="text-sm">
              {plan.autoscaling.map((a, i) => (
                <li key={i}>
                  <span className="font-medium">{a.service}</span>: {a.rule}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {plan.logStores.length > 0 && (
          <Section title="Log collection">
            <ul className="text-sm">
              {plan.logStores.map((l, i) => (
                <li key={i}>
                  <span className="font-medium">{l.service}</span> → store <code className="text-xs">{l.name}</code> from{" "}
                  <code className="text-xs">{l.source}</code>
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
      <Section title="Steps, in the order the deployment runs them">
        <ol className="list-decimal space-y-0.5 pl-6 text-sm" data-testid="plan-steps">
          {plan.steps.map((s, i) => (
            <li key={i} className={s.refused ? "font-medium text-red-700 dark:text-red-400" : "text-slate-700 dark:text-slate-300"}>
              {s.title}
            </li>
          ))}
        </ol>
      </Section>
      {plan.notes.length > 0 && (
        <Section title={`Notes (${plan.notes.length})`}>
          <ul className="space-y-1 text-sm text-slate-600 dark:text-slate-300" data-testid="plan-notes">
            {plan.notes.map((n, i) => (
              <li key={i}>
                {n.line ? `line ${n.line} · ` : ""}
                <code className="text-xs">{n.path}</code>: {n.message}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {plan.warnings.length > 0 && (
        <Section title={`Warnings (${plan.warnings.length})`}>
          <ul className="space-y-1 text-sm text-amber-800 dark:text-amber-300" data-testid="plan-warnings">
            {plan.warnings.map((w, i) => (
              <li key={i}>
                {w.line ? `line ${w.line} · ` : ""}
                {w.path ? (
                  <>
                    <code className="text-xs">{w.path}</code>:{" "}
                  </>
                ) : null}
                {w.message}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
