import { ScrollText } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

const LABELS_EXAMPLE = `services:
  web:
    image: registry.example.com/shop/web:1
    labels:
      aliyun.log_store_out: stdout             # stdout + stderr
      aliyun.log_store_app: /var/log/app/*.log # files
      aliyun.log_ttl_app: 14                   # days kept`;

/** What the Logs page says before any service declares a store, and how to declare one. */
export function NoLogStores() {
  return (
    <Card>
      <EmptyState
        icon={<ScrollText className="size-8" aria-hidden />}
        title="No log stores yet"
        action={
          <Link href="/applications" className="text-sm font-medium text-brand-600 hover:underline">
            Open an application to deploy a new version →
          </Link>
        }
      >
        <p>
          Lines are stored and searchable once a service declares where they come from with{" "}
          <code className="text-xs">aliyun.log_store_&lt;name&gt;</code> labels (or{" "}
          <code className="text-xs">wharf.log_store_&lt;name&gt;</code>). Add them to a service in a new version, for example:
        </p>
        <pre
          className="mt-3 overflow-x-auto rounded-md bg-slate-100 p-3 text-left text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-100"
          data-testid="log-labels-example"
        >
          {LABELS_EXAMPLE}
        </pre>
        <p className="mt-3">
          The agent on each node collects them, follows rotated files and keeps lines on its disk while the control plane is unreachable.
          Services without these labels keep their live tail on the application&apos;s Logs tab. The labels and retention are described in
          Wharf&apos;s README.
        </p>
      </EmptyState>
    </Card>
  );
}
