import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { TabsNav } from "@/components/ui/tabs-nav";

const TABS = [
  { href: "/settings", label: "General" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/audit-log", label: "Audit log" },
];

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="Organisation, people, access and history." />
      <TabsNav items={TABS} label="Settings" />
      {children}
    </>
  );
}
