import type { Metadata } from "next";
import { NodeDetail } from "@/components/clusters/node-detail";

export const metadata: Metadata = { title: "Node" };

export default async function NodePage({ params }: { params: Promise<{ clusterId: string; nodeId: string }> }) {
  const { clusterId, nodeId } = await params;
  return <NodeDetail clusterId={clusterId} nodeId={nodeId} />;
}
