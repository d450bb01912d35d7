import { Server } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/ui/not-yet-available";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Clusters" };

export default function ClustersPage() {
  return (
    <>
      <PageHeader title="Clusters" description="Machines you connect with the Wharf agent, formed into Docker Swarm clusters." />
      <NotYetAvailable icon={<Server className="size-8" aria-hidden />} title="No clusters yet">
        Connecting machines arrives with the Wharf agent. Until then, this organisation has no clusters.
      </NotYetAvailable>
    </>
  );
}
