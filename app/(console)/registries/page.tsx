import { Package } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/ui/not-yet-available";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Registries" };

export default function RegistriesPage() {
  return (
    <>
      <PageHeader title="Registries" description="Private image repositories for this organisation and credentials for external registries." />
      <NotYetAvailable icon={<Package className="size-8" aria-hidden />} title="No repositories yet">
        The hosted registry is not enabled in this installation yet.
      </NotYetAvailable>
    </>
  );
}
