import type { Metadata } from "next";
import { AlertRules } from "@/components/alerts/alert-rules";

export const metadata: Metadata = { title: "Rules · Alerts" };

export default function AlertRulesPage() {
  return <AlertRules />;
}
