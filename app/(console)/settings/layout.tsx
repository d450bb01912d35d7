import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { TabsNav } from "@/components/ui/tabs-nav";
import { currentMe } from "@/lib/http/server-session";

const TABS = [
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
    <>
      <PageHeader title="Settings" description="Organisation, people, access and history." />
      <TabsNav items={me?.user.isOperator ? [...TABS, INSTALLATION_TAB] : TABS} label="Settings" />
      {children}
    </>
  );
}
