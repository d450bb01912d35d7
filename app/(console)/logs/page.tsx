import type { Metadata } from "next";
import { draftFromParams } from "@/components/logs/log-filters";
import { LogsExplorer } from "@/components/logs/logs-explorer";

export const metadata: Metadata = { title: "Logs" };

/** The search is the page's address: a reload or a shared link opens the same filters. */
export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const draft = draftFromParams(params);
  // Keyed by the search: a link to other filters (a store's "Search") starts from them.
  return <LogsExplorer key={JSON.stringify(draft)} initialDraft={draft} initialLive={params.live === "1"} />;
}
