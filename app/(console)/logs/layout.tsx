import type { ReactNode } from "react";
import { TabbedSection, type SectionTab } from "@/components/ui/tabbed-section";

const TABS: SectionTab[] = [
  { href: "/logs", label: "Search" },
  { href: "/logs/stores", label: "Stores" },
  { href: "/logs/sinks", label: "Sinks" },
];

export default function LogsLayout({ children }: { children: ReactNode }) {
  return (
    <TabbedSection
      title="Logs"
      description="Lines your services declare in log_store labels, from every application of the organisation: search them, follow them live, download them."
      tabs={TABS}
    >
      {children}
    </TabbedSection>
  );
}
