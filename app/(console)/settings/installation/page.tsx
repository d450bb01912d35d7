import type { Metadata } from "next";
import { InstallationSettings } from "@/components/settings/installation-settings";

export const metadata: Metadata = { title: "Installation" };

export default function InstallationPage() {
  return <InstallationSettings />;
}
