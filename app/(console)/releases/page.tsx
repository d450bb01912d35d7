import { GitCompareArrows } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/ui/not-yet-available";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Releases" };

export default function ReleasesPage() {
  return (
    <>
      <PageHeader title="Releases" description="Rolling and blue-green releases through the load balancer." />
      <NotYetAvailable icon={<GitCompareArrows className="size-8" aria-hidden />} title="No releases yet">
        Releases appear here once applications are deployed.
      </NotYetAvailable>
    </>
  );
}
