import type { Metadata } from "next";
import { GeneralSettings } from "@/components/settings/general-settings";
import { QuotaUsageCard } from "@/components/settings/quota-usage-card";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <GeneralSettings />
      <QuotaUsageCard />
    </div>
  );
}
