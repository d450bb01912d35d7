import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { TabsNav } from "@/components/ui/tabs-nav";

const TABS = [
  { href: "/alerts", label: "Alerts" },
  { href: "/alerts/rules", label: "Rules" },
  { href: "/alerts/silences", label: "Silences" },
  { href: "/alerts/channels", label: "Channels" },
];

export default function AlertsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules on metrics and events, what fires now and what fired, silences, and the channels that notify people."
      />
      <TabsNav items={TABS} label="Alerts" />
      {children}
    </>
  );
}
