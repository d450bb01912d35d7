import type { ReactNode } from "react";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import type { ClusterNode } from "@/lib/schemas/clusters";

export function NodeFacts({ node }: { node: ClusterNode }) {
  const facts: Array<[string, ReactNode]> = [
    ["Operating system", node.os ? `${node.os.name} (${node.os.arch})` : "—"],
    ["Kernel", node.os?.kernel ?? "—"],
    ["CPU", `${node.cpuCores} cores`],
    ["Memory", formatBytes(node.memoryBytes)],
    ["Disk (Docker data)", node.disk ? `${formatBytes(node.disk.freeBytes)} free of ${formatBytes(node.disk.totalBytes)}` : "—"],
    ["GPUs", node.gpuCount > 0 ? node.gpuCount : "none"],
    ["Docker Engine", node.dockerVersion ?? "—"],
    ["Address", node.address ?? "—"],
    ["Swarm node", node.swarmNodeId ? <code className="text-xs">{node.swarmNodeId.slice(0, 12)}</code> : "not joined yet"],
    ["Agent", node.agentVersion ?? "—"],
    ["Last seen", <TimeAgo key="seen" iso={node.lastSeenAt} />],
    ["Joined", <TimeAgo key="joined" iso={node.createdAt} />],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-2 lg:grid-cols-3">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
          <dd className="mt-0.5">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
