import type { Metadata } from "next";
import { ReleaseDetail } from "@/components/releases/release-detail";

export const metadata: Metadata = { title: "Release" };

export default async function ReleasePage({ params }: { params: Promise<{ releaseId: string }> }) {
  const { releaseId } = await params;
  return <ReleaseDetail releaseId={releaseId} />;
}
