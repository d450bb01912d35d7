"use client";

import type { ReactNode } from "react";
import { useApplications } from "@/lib/query/use-applications";
import { useClusters, useNodes } from "@/lib/query/use-clusters";
import { useLoadBalancers } from "@/lib/query/use-load-balancers";
import type { AlertRuleView } from "@/lib/schemas/alerts";

const short = (id: string) => id.slice(0, 8);

function NodeName({ clusterId, nodeId }: { clusterId: string; nodeId: string }) {
  const { data } = useNodes(clusterId);
  return <>node {data?.items.find((n) => n.id === nodeId)?.hostname ?? short(nodeId)}</>;
}

function LoadBalancerName({ clusterId, id }: { clusterId: string; id: string }) {
  const { data } = useLoadBalancers(clusterId);
  return <>load balancer {data?.items.find((lb) => lb.id === id)?.name ?? short(id)}</>;
}

/** "cluster prod · shop/web", "node worker-1", "all of the organisation", with names rather than ids. */
export function RuleScopeText({ rule }: { rule: AlertRuleView }) {
  const clusters = useClusters();
  const applications = useApplications();
  const parts: ReactNode[] = [];
  if (rule.clusterId) parts.push(<>cluster {clusters.data?.items.find((c) => c.id === rule.clusterId)?.name ?? short(rule.clusterId)}</>);
  if (rule.nodeId)
    parts.push(rule.clusterId ? <NodeName clusterId={rule.clusterId} nodeId={rule.nodeId} /> : <>node {short(rule.nodeId)}</>);
  if (rule.loadBalancerId)
    parts.push(
      rule.clusterId ? (
        <LoadBalancerName clusterId={rule.clusterId} id={rule.loadBalancerId} />
      ) : (
        <>load balancer {short(rule.loadBalancerId)}</>
      ),
    );
  if (rule.applicationId) {
    const app = applications.data?.items.find((a) => a.id === rule.applicationId)?.name ?? short(rule.applicationId);
    parts.push(
      <>
        {app}
        {rule.service ? `/${rule.service}` : " (all services)"}
      </>,
    );
  }
  if (!parts.length) return <span className="text-slate-500">whole organisation</span>;
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 && " · "}
          {p}
        </span>
      ))}
    </>
  );
}
