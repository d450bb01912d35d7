import type { ReactNode } from "react";
import { TabbedSection, type SectionTab } from "@/components/ui/tabbed-section";
import { currentMe } from "@/lib/http/server-session";

const TABS: SectionTab[] = [
  { href: "/settings", label: "General" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/audit-log", label: "Audit log" },
];

/** Installation-wide settings (quotas, registry garbage collection): a tab for operators only. */
const INSTALLATION_TAB = { href: "/settings/installation", label: "Installation" };

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const me = await currentMe();
  return (
    <TabbedSection
      title="Settings"
      description="Organisation, people, access and history."
      tabs={me?.user.isOperator ? [...TABS, INSTALLATION_TAB] : TABS}
    >
      {children}
    </TabbedSection>
  );
}
