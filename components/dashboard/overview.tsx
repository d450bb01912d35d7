"use client";

import { Boxes, Server, Users } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ClusterUtilisationCard } from "@/components/metrics/cluster-utilisation";
import { Card } from "@/components/ui/card";
import { useOrganization } from "@/lib/query/use-account";
import { useApplications } from "@/lib/query/use-applications";
import { useClusters } from "@/lib/query/use-clusters";
import { useMembers } from "@/lib/query/use-members";
import { HealthCard } from "./health-card";
import { RecentActivity } from "./recent-activity";

export function DashboardOverview() {
  const org = useOrganization();
  const members = useMembers();
  const clusters = useClusters();
  const apps = useApplications();
  const degraded = apps.data?.items.filter((a) => a.status === "DEGRADED" || a.status === "FAILED").length ?? 0;
  const nodes = clusters.data?.items.reduce((sum, c) => sum + c.nodeCounts.total, 0) ?? 0;
  const ready = clusters.data?.items.reduce((sum, c) => sum + c.nodeCounts.READY, 0) ?? 0;
  const canSeeActivity = org.data?.role === "OWNER" || org.data?.role === "ADMIN";
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat
          icon={<Server className="size-5" aria-hidden />}
          label="Clusters"
          href="/clusters"
          value={clusters.data ? String(clusters.data.items.length) : "…"}
          hint={clusters.data?.items.length ? `${ready} of ${nodes} nodes ready` : "Add your first machine"}
        />
        <Stat
          icon={<Boxes className="size-5" aria-hidden />}
          label="Applications"
          href="/applications"
          value={apps.data ? String(apps.data.items.length) : "…"}
          hint={apps.data?.items.length ? (degraded ? `${degraded} need attention` : "all healthy") : "Deploy from a compose file"}
        />
        <Stat
          icon={<Users className="size-5" aria-hidden />}
          label="Members"
          href="/settings/members"
          value={members.data ? String(members.data.items.length) : "…"}
          hint="Invite your team"
        />
      </div>
      {Boolean(clusters.data?.items.length) && <ClusterUtilisationCard />}
      <div className="grid gap-6 lg:grid-cols-2">
        <HealthCard />
        {canSeeActivity && <RecentActivity />}
      </div>
    </div>
  );
}

function Stat({ icon, label, value, hint, href }: { icon: ReactNode; label: string; value: string; hint: string; href: string }) {
  return (
    <Link href={href} className="group">
      <Card className="p-5 transition-colors group-hover:border-brand-500">
        <div className="flex items-center gap-2 text-sm text-slate-500">
          {icon}
          {label}
        </div>
        <p className="mt-2 text-3xl font-semibold" data-testid={`stat-${label.toLowerCase()}`}>
          {value}
        </p>
        <p className="mt-1 text-xs text-slate-500">{hint}</p>
      </Card>
    </Link>
  );
}
