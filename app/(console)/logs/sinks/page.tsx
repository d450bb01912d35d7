import type { Metadata } from "next";
import { LogSinksSettings } from "@/components/logs/log-sinks-settings";

export const metadata: Metadata = { title: "Log sinks · Logs" };

export default function LogSinksPage() {
  return <LogSinksSettings />;
}
