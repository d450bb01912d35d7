import type { Metadata } from "next";
import { AutoscalingOverview } from "@/components/autoscaling/autoscaling-overview";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Autoscaling" };

export default function AutoscalingPage() {
  return (
    <>
      <PageHeader
        title="Autoscaling"
        description="Rules that add or remove containers from live metrics, declared as labels or edited here. Every decision says why."
      />
      <AutoscalingOverview />
    </>
  );
}
