import type { Metadata } from "next";
import { RetentionRules } from "@/components/registries/retention-rules";

export const metadata: Metadata = { title: "Retention · Registries" };

export default function RetentionPage() {
  return <RetentionRules />;
}
