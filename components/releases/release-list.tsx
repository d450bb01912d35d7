"use client";

import { GitCompareArrows } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReleaseTable } from "./release-table";

const empty = (
  <EmptyState
    icon={<GitCompareArrows className="size-8" aria-hidden />}
    title="No releases yet"
    action={
      <Link
        href="/applications"
        className="inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Go to applications
      </Link>
    }
  >
    To start one, open an application, choose <strong>Versions → New version</strong> and pick a release strategy: rolling through the load
    balancer, blue-green or canary. The application needs a service bound to a load balancer (an{" "}
    <code className="text-xs">aliyun.lb.port_*</code> label).
  </EmptyState>
);

/** The organisation's releases, newest first. */
export function ReleaseList() {
  return (
    <>
      <PageHeader title="Releases" description="New versions released through the load balancer: rolling, blue-green and canary." />
      <Card>
        <ReleaseTable empty={empty} />
      </Card>
    </>
  );
}
