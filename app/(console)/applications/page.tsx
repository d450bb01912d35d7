import { Boxes } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/ui/not-yet-available";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Applications" };

export default function ApplicationsPage() {
  return (
    <>
      <PageHeader title="Applications" description="Applications deployed from compose templates." />
      <NotYetAvailable icon={<Boxes className="size-8" aria-hidden />} title="No applications yet">
        Deploying compose templates needs a cluster first. Once clusters are available, upload a compose file here.
      </NotYetAvailable>
    </>
  );
}
