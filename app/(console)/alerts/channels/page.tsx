import type { Metadata } from "next";
import { ChannelsSettings } from "@/components/channels/channels-settings";

export const metadata: Metadata = { title: "Channels · Alerts" };

export default function ChannelsPage() {
  return <ChannelsSettings />;
}
