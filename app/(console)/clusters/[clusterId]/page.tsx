import type { Metadata } from "next";
import { Suspense } from "react";
import { ClusterDetail } from "@/components/clusters/cluster-detail";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage({ params }: { params: Promise<{ clusterId: string }> }) {
  const { clusterId } = await params;
  return (
    <Suspense>
      <ClusterDetail clusterId={clusterId} />
    </Suspense>
  );
}
