import type { Metadata } from "next";
import { WebhooksSettings } from "@/components/registries/webhooks-settings";

export const metadata: Metadata = { title: "Webhooks · Registries" };

export default function WebhooksPage() {
  return <WebhooksSettings />;
}
