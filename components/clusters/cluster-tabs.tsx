import { TabsNav } from "@/components/ui/tabs-nav";

/** A cluster's pages: its machines, and the load balancers and certificates of its traffic layer. */
export function ClusterTabs({ clusterId }: { clusterId: string }) {
  return (
    <TabsNav
      label="Cluster"
      items={[
        { href: `/clusters/${clusterId}`, label: "Nodes" },
        { href: `/clusters/${clusterId}/load-balancers`, label: "Load balancers" },
      ]}
    />
  );
}
