import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { TabsNav } from "@/components/ui/tabs-nav";

const TABS = [
  { href: "/registries", label: "Repositories" },
  { href: "/registries/retention", label: "Retention" },
  { href: "/registries/webhooks", label: "Webhooks" },
  { href: "/registries/external", label: "External registries" },
];

export default function RegistriesLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Registries"
        description="Private image repositories for this organisation and credentials for external registries."
      />
      <TabsNav items={TABS} label="Registries" />
      {children}
    </>
  );
}
