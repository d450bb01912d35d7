"use client";

import { Boxes } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ListBody } from "@/components/ui/list-card";
import { PageHeader } from "@/components/ui/page-header";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useCan } from "@/lib/query/use-account";
import { useApplications } from "@/lib/query/use-applications";
import { AppStatusBadge } from "./app-status-badge";

const newButton = (
  <Link
    href="/applications/new"
    className="inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
  >
    New application
  </Link>
);

export function ApplicationList() {
  const query = useApplications();
  const manage = useCan("apps.manage");
  return (
    <>
      <PageHeader
        title="Applications"
        description="Applications deployed from compose templates as Docker Swarm services."
        actions={manage ? newButton : undefined}
      />
      <Card>
        <ListBody
          query={query}
          empty={{
            icon: <Boxes className="size-8" aria-hidden />,
            title: "No applications yet",
            action: manage ? newButton : undefined,
            body: "Upload a compose file (v1, v2 or v3); Wharf validates it, shows what it will create and deploys it to one of your clusters.",
          }}
          columns={["Name", "Status", "Cluster", "Services", "Version", "Updated"]}
          rowActions={false}
          rows={(applications) =>
            applications.map((a) => (
              <Tr key={a.id}>
                <Td>
                  <Link href={`/applications/${a.id}`} className="font-medium text-brand-600 hover:underline">
                    {a.name}
                  </Link>
                </Td>
                <Td>
                  <AppStatusBadge status={a.status} />
                </Td>
                <Td>{a.clusterName}</Td>
                <Td className="text-xs">{a.services.map((s) => s.name).join(", ")}</Td>
                <Td>
                  {a.currentVersion ? `v${a.currentVersion}` : "—"}
                  {a.deployedVersion !== a.currentVersion && a.deployedVersion ? ` (running v${a.deployedVersion})` : ""}
                </Td>
                <Td className="text-slate-500">
                  <TimeAgo iso={a.updatedAt} />
                </Td>
              </Tr>
            ))
          }
        />
      </Card>
    </>
  );
}
