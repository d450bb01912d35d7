import type { Metadata } from "next";
import { LogStoresTable } from "@/components/logs/log-stores-table";

export const metadata: Metadata = { title: "Log stores · Logs" };

export default function LogStoresPage() {
  return <LogStoresTable />;
}
