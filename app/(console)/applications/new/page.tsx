import type { Metadata } from "next";
import { NewApplicationForm } from "@/components/applications/new-application-form";

export const metadata: Metadata = { title: "New application" };

export default function NewApplicationPage() {
  return <NewApplicationForm />;
}
