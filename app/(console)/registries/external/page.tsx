import type { Metadata } from "next";
import { ExternalRegistries } from "@/components/registries/external-registries";

export const metadata: Metadata = { title: "External registries · Registries" };

export default function ExternalRegistriesPage() {
  return <ExternalRegistries />;
}
