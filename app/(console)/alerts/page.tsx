import type { Metadata } from "next";
import { AlertsOverview } from "@/components/alerts/alerts-overview";

export const metadata: Metadata = { title: "Alerts" };

/** Notifications link here with ?alert=<id>: that alert is marked and scrolled to. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ alert?: string | string[] }> }) {
  const { alert } = await searchParams;
  return <AlertsOverview focusId={typeof alert === "string" ? alert : null} />;
}
