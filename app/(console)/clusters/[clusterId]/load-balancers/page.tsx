import type { Metadata } from "next";
import { ClusterLoadBalancers } from "@/components/load-balancers/cluster-load-balancers";

export const metadata: Metadata = { title: "Load balancers" };

export default async function ClusterLoadBalancersPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return <ClusterLoadBalancers clusterId={clusterId} />;
}
