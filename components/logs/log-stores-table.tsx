"use client";

import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ListCard } from "@/components/ui/list-card";
import { Loading } from "@/components/ui/loading";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { formatBytes } from "@/lib/format";
import { useLogStores } from "@/lib/query/use-logs";
import { draftToParams, EMPTY_DRAFT } from "./log-filters";
import { NoLogStores } from "./no-log-stores";

/** Every store the organisation's services declare: where lines come from, how long they are kept, how much is stored. */
export function LogStoresTable() {
  const { data, error } = useLogStores();
  if (error) return <Alert title="The log stores could not be loaded">{error.message}</Alert>;
  if (!data) return <Loading />;
  if (!data.items.length) return <NoLogStores />;
  // The states before the table stand alone (the empty one explains how to declare a store), so the card only lists.
  return (
    <ListCard
      title="Log stores"
      description="Declared by aliyun.log_store_<name> labels; retention from aliyun.log_ttl_<name>. Lines older than the retention are dropped a day at a time."
      query={{ data, error }}
      empty={null}
      columns={["Service", "Store", "Source", "Kept", "Lines", "Size", "Last line"]}
      rows={(stores) =>
        stores.map((s) => {
          const search = draftToParams({
            ...EMPTY_DRAFT,
            applicationId: s.applicationId,
            service: s.service,
            store: s.name,
            range: "24h",
          });
          return (
            <Tr key={s.id} data-testid={`store-${s.applicationName}/${s.service}/${s.name}`}>
              <Td>
                <Link href={`/applications/${s.applicationId}`} className="font-medium text-brand-600 hover:underline">
                  {s.applicationName}
                </Link>
                <span className="text-slate-500"> / {s.service}</span>
              </Td>
              <Td className="font-mono text-xs">{s.name}</Td>
              <Td>
                <code className="text-xs">{s.source}</code>
              </Td>
              <Td className="tabular-nums">
                {s.ttlDays} day{s.ttlDays === 1 ? "" : "s"}
              </Td>
              <Td className="tabular-nums">{s.lines.toLocaleString("en")}</Td>
              <Td className="tabular-nums">{formatBytes(s.bytes)}</Td>
              <Td>
                <TimeAgo iso={s.lastLineAt} fallback="none yet" />
              </Td>
              <Td>
                <Link
                  href={`/logs?${search}`}
                  className="text-sm font-medium text-brand-600 hover:underline"
                  aria-label={`Search the ${s.name} store of ${s.applicationName}/${s.service}`}
                >
                  Search
                </Link>
              </Td>
            </Tr>
          );
        })
      }
    />
  );
}
