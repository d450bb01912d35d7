import type { ReactNode } from "react";
import { TabbedSection, type SectionTab } from "@/components/ui/tabbed-section";

const TABS: SectionTab[] = [
  { href: "/alerts", label: "Alerts" },
  { href: "/alerts/rules", label: "Rules" },
  { href: "/alerts/silences", label: "Silences" },
  { href: "/alerts/channels", label: "Channels" },
];

export default function AlertsLayout({ children }: { children: ReactNode }) {
  return (
    <TabbedSection
      title="Alerts"
      description="Rules on metrics and events, what fires now and what fired, silences, and the channels that notify people."
      tabs={TABS}
    >
      {children}
    </TabbedSection>
  );
}
