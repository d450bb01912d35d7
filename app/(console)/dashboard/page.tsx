import type { Metadata } from "next";
import { DashboardOverview } from "@/components/dashboard/overview";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="Your organisation at a glance." />
      <DashboardOverview />
    </>
  );
}
