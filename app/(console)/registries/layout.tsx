import type { ReactNode } from "react";
import { TabbedSection, type SectionTab } from "@/components/ui/tabbed-section";

const TABS: SectionTab[] = [
  { href: "/registries", label: "Repositories" },
  { href: "/registries/retention", label: "Retention" },
  { href: "/registries/webhooks", label: "Webhooks" },
  { href: "/registries/external", label: "External registries" },
];

export default function RegistriesLayout({ children }: { children: ReactNode }) {
  return (
    <TabbedSection
      title="Registries"
      description="Private image repositories for this organisation and credentials for external registries."
      tabs={TABS}
    >
      {children}
    </TabbedSection>
  );
}
