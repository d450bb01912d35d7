import { Gauge } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/ui/not-yet-available";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Autoscaling" };

export default function AutoscalingPage() {
  return (
    <>
      <PageHeader title="Autoscaling" description="Rules that add or remove containers from live metrics, declared as labels or edited here." />
      <NotYetAvailable icon={<Gauge className="size-8" aria-hidden />} title="No autoscaling rules yet">
        Rules appear here when an application declares wharf.auto_scaling.* or aliyun.auto_scaling.* labels.
      </NotYetAvailable>
    </>
  );
}
