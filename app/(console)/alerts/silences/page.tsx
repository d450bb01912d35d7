import type { Metadata } from "next";
import { AlertSilences } from "@/components/alerts/alert-silences";

export const metadata: Metadata = { title: "Silences · Alerts" };

export default function AlertSilencesPage() {
  return <AlertSilences />;
}
