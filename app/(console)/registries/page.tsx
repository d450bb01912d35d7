import type { Metadata } from "next";
import { RegistryOverviewCard } from "@/components/registries/registry-overview-card";
import { RepositoryList } from "@/components/registries/repository-list";

export const metadata: Metadata = { title: "Registries" };

export default function RegistriesPage() {
  return (
    <div className="space-y-6">
      <RegistryOverviewCard />
      <RepositoryList />
    </div>
  );
}
