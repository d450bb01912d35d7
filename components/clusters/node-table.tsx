"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatBytes } from "@/lib/format";
import type { ClusterNode } from "@/lib/schemas/clusters";
import { NodeStatusBadge } from "./node-status-badge";
import { UsageBar } from "./usage-bar";

/** Narrower cells than the default: six columns fit a 1280-pixel laptop screen without scrolling sideways. */
const cell = "px-3 first:pl-5 last:pr-5";

export function NodeTable({ clusterId, nodes }: { clusterId: string; nodes: ClusterNode[] }) {
  return (
    <Table>
      <thead>
        <tr>
          {["Node", "Status", "Role", "Availability", "Resources", "Utilisation"].map((h) => (
            <Th key={h} className={cell}>
              {h}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => {
          const memPercent = n.usage && n.usage.memoryTotalBytes > 0 ? (n.usage.memoryUsedBytes / n.usage.memoryTotalBytes) * 100 : null;
          return (
            <Tr key={n.id} data-testid={`node-${n.hostname}`}>
              <Td className={cell}>
                <Link href={`/clusters/${clusterId}/nodes/${n.id}`} className="font-medium text-brand-600 hover:underline">
                  {n.hostname}
                </Link>
                <p className="text-xs text-slate-500">
                  {n.address ?? "—"} · Docker {n.dockerVersion ?? "?"}
                </p>
                {n.lastError && (
                  <p className="max-w-[16rem] truncate text-xs text-red-600" title={n.lastError}>
                    {n.lastError}
                  </p>
                )}
              </Td>
              <Td className={cell}>
                <NodeStatusBadge node={n} />
              </Td>
              <Td className={cell}>
                {(n.swarmRole ?? n.role).toLowerCase()}
                {n.swarmLeader && (
                  <span className="ml-1">
                    <Badge tone="blue">leader</Badge>
                  </span>
                )}
                {n.swarmRole && n.swarmRole !== n.role && <span className="ml-1 text-xs text-amber-600">→ {n.role.toLowerCase()}</span>}
                {!n.swarmNodeId && <p className="text-xs text-slate-500">not in the swarm yet</p>}
              </Td>
              <Td className={cell}>
                <Badge tone={(n.swarmAvailability ?? n.availability) === "ACTIVE" ? "green" : "yellow"}>
                  {(n.swarmAvailability ?? n.availability).toLowerCase()}
                </Badge>
                {n.swarmAvailability && n.swarmAvailability !== n.availability && (
                  <span className="ml-1 text-xs text-amber-600">→ {n.availability.toLowerCase()}</span>
                )}
              </Td>
              <Td className={`${cell} whitespace-normal text-xs`}>
                {n.cpuCores} CPU · {formatBytes(n.memoryBytes)}
                {n.gpuCount > 0 && ` · ${n.gpuCount} GPU`}
                {n.disk && (
                  <p className="text-slate-500">
                    disk {formatBytes(n.disk.freeBytes)} free of {formatBytes(n.disk.totalBytes)}
                  </p>
                )}
              </Td>
              <Td className={cell}>
                <UsageBar label="CPU" percent={n.usage?.cpuPercent ?? null} />
                <UsageBar label="Mem" percent={memPercent} />
                <p className="text-xs text-slate-500">
                  {n.containers ? `${n.containers.running}/${n.containers.total} containers running` : "no report yet"}
                </p>
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}
