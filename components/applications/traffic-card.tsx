"use client";

import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { Table, TableHead, Td, Tr } from "@/components/ui/table";
import { useApplicationTraffic } from "@/lib/query/use-load-balancers";
import type { ApplicationTraffic } from "@/lib/schemas/load-balancers";

type Service = ApplicationTraffic["services"][number];
type Rates = { rps: number; errorsPerSecond: number };
const HEALTH_TONE = { up: "green", down: "red", draining: "yellow", maintenance: "gray", unknown: "gray" } as const;

const backendKey = (b: Service["backends"][number]) => `${b.loadBalancerId}|${b.listener}|${b.id}`;

/**
 * Rates from two successive samples of the balancers' counters (the API returns counters; a
 * balancer that restarted resets them, which shows as no figure for one sample, never a negative rate).
 */
function useRates(data: ApplicationTraffic | undefined): Map<string, Rates> {
  const previous = useRef<{ at: number; counters: Map<string, { requests: number; errors: number }> } | null>(null);
  const [rates, setRates] = useState<Map<string, Rates>>(new Map());
  useEffect(() => {
    if (!data) return;
    const at = new Date(data.readAt).getTime();
    const counters = new Map<string, { requests: number; errors: number }>();
    for (const s of data.services)
      for (const b of s.backends)
        if (b.requests !== null) counters.set(backendKey(b), { requests: b.requests, errors: b.responses5xx ?? 0 });
    const before = previous.current;
    previous.current = { at, counters };
    if (!before || at <= before.at) return;
    const seconds = (at - before.at) / 1000;
    const next = new Map<string, Rates>();
    for (const s of data.services) {
      let rps = 0;
      let eps = 0;
      let seen = false;
      for (const b of s.backends) {
        const now = counters.get(backendKey(b));
        const then = before.counters.get(backendKey(b));
        if (!now || !then || now.requests < then.requests || now.errors < then.errors) continue;
        seen = true;
        rps += (now.requests - then.requests) / seconds;
        eps += (now.errors - then.errors) / seconds;
      }
      if (seen) next.set(s.appServiceId, { rps, errorsPerSecond: eps });
    }
    setRates(next);
  }, [data]);
  return rates;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

function ServiceTraffic({ service, rates }: { service: Service; rates: Rates | undefined }) {
  return (
    <div
      className="space-y-2 border-t border-slate-100 py-4 first:border-t-0 dark:border-slate-800"
      data-testid={`traffic-${service.name}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-5">
        <h3 className="text-sm font-semibold">{service.name}</h3>
        <p className="text-sm tabular-nums" aria-live="polite">
          {rates ? (
            <>
              <span className="font-medium">{fmt(rates.rps)}</span> req/s ·{" "}
              <span className={rates.errorsPerSecond > 0 ? "font-medium text-red-600" : "font-medium"}>{fmt(rates.errorsPerSecond)}</span>{" "}
              5xx/s
            </>
          ) : (
            <span className="text-slate-500">req/s and 5xx/s appear after two samples</span>
          )}
        </p>
      </div>
      <ul className="space-y-1 px-5 text-sm" aria-label={`Endpoints of ${service.name}`}>
        {service.endpoints.map((e, i) => (
          <li key={i} className="flex flex-wrap items-center gap-2">
            {e.url ? (
              <a className="font-mono text-xs text-brand-600 hover:underline" href={e.url} target="_blank" rel="noreferrer">
                {e.url}
              </a>
            ) : (
              <span className="text-xs text-slate-500">{e.note}</span>
            )}
            <span className="text-xs text-slate-500">
              → container port {e.containerPort}
              {e.loadBalancer ? ` via ${e.loadBalancer.name}` : ""}
            </span>
          </li>
        ))}
      </ul>
      {service.backends.length === 0 ? (
        <p className="px-5 text-xs text-slate-500">
          No backends applied yet: they appear once tasks run and the traffic sync has put them in the pool.
        </p>
      ) : (
        <Table aria-label={`Backends of ${service.name}`}>
          <TableHead columns={["Backend", "Node", "Load balancer", "Weight", "Health"]} />
          <tbody>
            {service.backends.map((b) => (
              <Tr key={backendKey(b)}>
                <Td>
                  <code className="text-xs">
                    {b.address}:{b.port}
                  </code>
                </Td>
                <Td className="text-xs">{b.nodeName ?? "—"}</Td>
                <Td className="text-xs">
                  {b.loadBalancerName} <code>{b.listener}</code>
                </Td>
                <Td className="text-xs">
                  {b.weight}
                  {b.pool !== "main" ? ` (${b.pool})` : ""}
                </Td>
                <Td>
                  <Badge tone={HEALTH_TONE[b.health]}>{b.health}</Badge>
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

/** "Endpoints & traffic": URLs, backends per service with health, and live req/s and 5xx/s (polled every 2 s). */
export function TrafficCard({ appId }: { appId: string }) {
  const { data, error } = useApplicationTraffic(appId);
  const rates = useRates(data);
  const services = data?.services.filter((s) => s.endpoints.length > 0 || s.backends.length > 0) ?? [];
  if (!data && !error) return null;
  return (
    <Card className="mb-6">
      <CardHeader
        title="Endpoints & traffic"
        description="Where clients reach each service, the backends its load balancers hold, and live request rates (every 2 seconds)."
      />
      <CardError error={error} />
      {data && data.errors.length > 0 && (
        <div className="space-y-2 px-5 pt-4">
          {data.errors.map((e, i) => (
            <Alert key={i} tone="warning" title={`${e.loadBalancerName}: live figures unavailable`}>
              {e.message}
            </Alert>
          ))}
        </div>
      )}
      {data && services.length === 0 && (
        <p className="px-5 py-4 text-sm text-slate-500">
          No service is reachable through a load balancer. Add a label such as{" "}
          <code className="text-xs">aliyun.lb.port_80: tcp://NAME:80</code> (a load balancer of this cluster) or{" "}
          <code className="text-xs">aliyun.routing.port_80: web</code> (HTTP routing) in a new version.
        </p>
      )}
      {services.map((s) => (
        <ServiceTraffic key={s.appServiceId} service={s} rates={rates.get(s.appServiceId)} />
      ))}
    </Card>
  );
}
