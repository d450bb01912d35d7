import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { TabsNav } from "@/components/ui/tabs-nav";

const TABS = [
  { href: "/logs", label: "Search" },
  { href: "/logs/stores", label: "Stores" },
  { href: "/logs/sinks", label: "Sinks" },
];

export default function LogsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Logs"
        description="Lines your services declare in log_store labels, from every application of the organisation: search them, follow them live, download them."
      />
      <TabsNav items={TABS} label="Logs" />
      {children}
    </>
  );
}
