import type { Metadata } from "next";
import { ApplicationDetail } from "@/components/applications/application-detail";

export const metadata: Metadata = { title: "Application" };

export default async function ApplicationPage({ params }: { params: Promise<{ applicationId: string }> }) {
  const { applicationId } = await params;
  return <ApplicationDetail applicationId={applicationId} />;
}
