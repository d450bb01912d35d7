/**
 * The measurement behind bench/autoscale.ts: deploys the acceptance's autoscaled service (behind a
 * load balancer when one is given), then in each round makes its tasks burn CPU and times, from
 * the load starting, Prometheus's average passing the threshold, the scale-out decision, the new
 * tasks running and (with a balancer) answering through it. Between rounds the load stops, the
 * service goes back to 2 tasks and the rule's cooldown runs out.
 */
import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { serviceAveragesQuery, serviceKey } from "@/lib/domain/autoscaling/autoscaling-promql";
import { createApplication } from "@/lib/domain/applications/create-application";
import { deleteApplication } from "@/lib/domain/applications/delete-application";
import { scaleService } from "@/lib/domain/applications/scale-service";
import { createPrometheusClient, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { envValue } from "@/lib/env";
import { METRIC } from "@/lib/metrics/metric-names";
import { request } from "../../tests/support/traffic/traffic-probes";
import { burn, runningContainers, stopBurning, type Machine } from "../../tests/support/autoscaling/burn";
import { scaledServiceCompose } from "../../tests/support/autoscaling/scaled-service";
import { waitUntil } from "./lb-bench-setup";

export type AutoscaleRound = { metrics: number; decision: number; running: number; serving: number | null; explanation: string };

export type AutoscaleBenchOptions = {
  ctx: OrgContext;
  clusterId: string;
  image: string;
  /** The engines of the cluster's machines (to find and load the tasks). */
  machines: Machine[];
  rounds: number;
  /** A load balancer of the cluster and the listener port to bind the service to (HAProxy bound to 127.0.0.1). */
  balancer?: { name: string; port: number };
  cleanup: Array<() => Promise<unknown>>;
  print: (line: string) => void;
  /** Default: PROMETHEUS_URL's. */
  prometheus?: PrometheusClient;
};

export async function measureAutoscaling(
  o: AutoscaleBenchOptions,
): Promise<{ rounds: AutoscaleRound[]; rule: { windowSeconds: number; breaches: number; cooldownSeconds: number } }> {
  const appName = `benchas${Date.now().toString(36)}`;
  const labels: Record<string, string> = o.balancer ? { "aliyun.lb.port_3000": `http://${o.balancer.name}:${o.balancer.port}` } : {};
  const compose = scaledServiceCompose({ image: o.image, ports: o.balancer ? ["3000"] : [], labels });
  const { application } = await createApplication({ ctx: o.ctx, input: { name: appName, clusterId: o.clusterId, compose } });
  const swarmService = `${appName}_web`;
  o.cleanup.unshift(async () => {
    await stopBurning(await runningContainers(o.machines, swarmService)).catch(() => undefined);
    await deleteApplication({ ctx: o.ctx, applicationId: application.id });
    await waitUntil(
      "the bench application deleted",
      async () => !(await prisma.application.findFirst({ where: { id: application.id, deletedAt: null } })),
    );
  });
  const service = await prisma.appService.findFirstOrThrow({ where: { applicationId: application.id, name: "web" }, select: { id: true } });
  const rule = await prisma.autoscalingRule.findUniqueOrThrow({
    where: { serviceId: service.id },
    select: { id: true, windowSeconds: true, breaches: true, cooldownSeconds: true },
  });

  const url = o.balancer ? `http://127.0.0.1:${o.balancer.port}/` : null;
  /** Distinct tasks answering through the balancer over a few requests. */
  const serving = async (): Promise<number> => {
    if (!url) return 0;
    const hosts = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await request(url, {}, 2_000).catch(() => null);
      if (res?.status === 200) hosts.add(res.body.trim().split(" ")[1] ?? "");
    }
    return hosts.size;
  };
  const prometheus = o.prometheus ?? createPrometheusClient();
  const average = async (): Promise<number | null> => {
    const samples = await prometheus.query(
      serviceAveragesQuery({ series: METRIC.containerCpuPercent, windowSeconds: rule.windowSeconds, orgIds: [o.ctx.orgId] }),
    );
    return (
      samples.find(
        (s) =>
          serviceKey(s.labels.org ?? "", s.labels.application ?? "", s.labels.service ?? "") === serviceKey(o.ctx.orgId, appName, "web"),
      )?.value ?? null
    );
  };
  const tasks = async () => (await runningContainers(o.machines, swarmService)).length;
  await waitUntil("2 tasks running (and serving)", async () => (await tasks()) === 2 && (!url || (await serving()) === 2), 300_000, 500);

  const rounds: AutoscaleRound[] = [];
  for (let i = 0; i < o.rounds; i++) {
    await waitUntil(
      "the service idle at 2 tasks, the cooldown over",
      async () => {
        const r = await prisma.autoscalingRule.findUniqueOrThrow({
          where: { id: rule.id },
          select: { lastScaledAt: true, breachDirection: true },
        });
        const cooled = !r.lastScaledAt || Date.now() - r.lastScaledAt.getTime() > rule.cooldownSeconds * 1000;
        const avg = await average();
        return cooled && r.breachDirection !== "out" && avg !== null && avg < 30 && (await tasks()) === 2;
      },
      300_000,
      1_000,
    );
    const started = Date.now();
    const answers = await burn(await runningContainers(o.machines, swarmService), { seconds: 300 });
    if (!answers.every((a) => a.includes("burning")))
      throw new Error(
        `${o.image} does not burn CPU on /burn (${answers.join(" ").trim()}): rebuild it with scripts/runtime/build-test-images.sh`,
      );
    const t: Partial<AutoscaleRound> = {};
    await waitUntil(
      "the scale-out",
      async () => {
        if (t.metrics === undefined && ((await average()) ?? 0) > 70) t.metrics = Date.now() - started;
        if (t.decision === undefined) {
          const d = await prisma.autoscalingDecision.findFirst({
            where: { ruleId: rule.id, action: "scale-out", at: { gte: new Date(started) } },
            select: { at: true, explanation: true },
          });
          if (d) Object.assign(t, { decision: d.at.getTime() - started, explanation: d.explanation });
        }
        if (t.decision !== undefined && t.running === undefined && (await tasks()) >= 4) t.running = Date.now() - started;
        if (t.running !== undefined && url && (await serving()) >= 4) t.serving = Date.now() - started;
        return t.running !== undefined && (!url || t.serving !== undefined);
      },
      180_000,
      100,
    );
    const round = { serving: null, ...t } as AutoscaleRound;
    rounds.push(round);
    const s = (ms: number | null | undefined) => (typeof ms === "number" ? `${(ms / 1000).toFixed(1)} s` : "—");
    o.print(
      `round ${i + 1}: metrics ${s(round.metrics)}  decision ${s(round.decision)}  running ${s(round.running)}  serving ${s(round.serving)}   (${round.explanation})`,
    );
    await stopBurning(await runningContainers(o.machines, swarmService));
    await scaleService({ ctx: o.ctx, applicationId: application.id, serviceId: service.id, replicas: 2 });
  }
  return { rounds, rule };
}

/** The medians, and what each step waits for. */
export function autoscaleSummary(rounds: AutoscaleRound[], rule: { windowSeconds: number; breaches: number }): string[] {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const m = (key: "metrics" | "decision" | "running" | "serving") => {
    const v = median(rounds.flatMap((r) => (typeof r[key] === "number" ? [r[key]] : [])));
    return v === undefined ? "    —  " : `${(v / 1000).toFixed(1).padStart(5)} s`;
  };
  return [
    `autoscaling, from the load starting (median of ${rounds.length}; evaluation every ${envValue("AUTOSCALING_EVALUATE_SECONDS")} s, window ${rule.windowSeconds} s, ${rule.breaches} breach${rule.breaches === 1 ? "" : "es"})`,
    `  metrics over 70 %   ${m("metrics")}   the agent's sampling interval, the scrape, the window's average catching up`,
    `  decision            ${m("decision")}   + the next evaluation(s)`,
    `  tasks running       ${m("running")}   + the SCALE deployment: the agent updates the service, the engine starts tasks`,
    `  serving via HAProxy ${m("serving")}   + task report → traffic sync → HAProxy's runtime API`,
  ];
}
