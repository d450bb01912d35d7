"use client";

import { PackageOpen } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListCard } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { useCan } from "@/lib/query/use-account";
import { useForeignServices } from "@/lib/query/use-adoption";
import type { ForeignGroup, ForeignService } from "@/lib/schemas/adoption";
import { AdoptDialog } from "./adopt-dialog";

function ServiceLine({ service }: { service: ForeignService }) {
  const short = service.runningTasks < service.desiredTasks;
  return (
    <li className="flex items-baseline gap-2">
      <span className="font-medium">{service.name}</span>
      <code className="max-w-xs truncate text-xs text-slate-500" title={service.image}>
        {service.image}
      </code>
      <span className={short ? "text-xs text-amber-700 dark:text-amber-300" : "text-xs text-slate-500"}>
        {service.runningTasks}/{service.desiredTasks} running{service.mode === "global" ? " (global)" : ""}
      </span>
    </li>
  );
}

/**
 * Swarm services and stacks on the cluster that Wharf did not create (`docker service create`,
 * `docker stack deploy`), asked of a manager; developers can adopt one as an application.
 */
export function ForeignServicesCard({ clusterId }: { clusterId: string }) {
  const query = useForeignServices(clusterId);
  const manage = useCan("apps.manage");
  const [adopting, setAdopting] = useState<ForeignGroup | null>(null);
  return (
    <ListCard
      title="Running outside Wharf"
      description={
        manage
          ? "Services and stacks Wharf did not create. Adopting one makes it an application without restarting its tasks."
          : "Services and stacks Wharf did not create. Developers can adopt them as applications."
      }
      query={query}
      loadError="The cluster's services could not be listed"
      empty={{
        icon: <PackageOpen className="size-8" aria-hidden />,
        title: "Nothing runs outside Wharf",
        body: "Services created on this cluster with docker service create or docker stack deploy show up here, ready to adopt.",
      }}
      tableLabel="Running outside Wharf"
      columns={["Kind", "Name", "Services"]}
      rowActions={manage}
      rows={(items) =>
        items.map((group) => (
          <Tr key={`${group.kind}:${group.name}`} data-testid={`foreign-${group.name}`}>
            <Td>
              <Badge tone={group.kind === "stack" ? "blue" : "gray"}>{group.kind}</Badge>
            </Td>
            <Td className="font-medium">{group.name}</Td>
            <Td>
              <ul className="space-y-1" aria-label={`Services of ${group.name}`}>
                {group.services.map((service) => (
                  <ServiceLine key={service.name} service={service} />
                ))}
              </ul>
            </Td>
            {manage && (
              <Td className="text-right">
                <Button size="sm" variant="secondary" onClick={() => setAdopting(group)}>
                  Adopt…<span className="sr-only"> {group.name}</span>
                </Button>
              </Td>
            )}
          </Tr>
        ))
      }
    >
      {query.error && (
        <div className="px-5 pb-5">
          <Button variant="secondary" size="sm" busy={query.isFetching} onClick={() => void query.refetch()}>
            Retry
          </Button>
        </div>
      )}
      {/* mounted per adoption, so the name and preview start from the group chosen */}
      {manage && adopting && <AdoptDialog clusterId={clusterId} group={adopting} onClose={() => setAdopting(null)} />}
    </ListCard>
  );
}
