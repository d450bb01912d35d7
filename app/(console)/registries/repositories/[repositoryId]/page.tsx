import type { Metadata } from "next";
import { RepositoryDetail } from "@/components/registries/repository-detail";

export const metadata: Metadata = { title: "Repository" };

export default async function RepositoryPage({ params }: { params: Promise<{ repositoryId: string }> }) {
  const { repositoryId } = await params;
  return <RepositoryDetail repositoryId={repositoryId} />;
}
