import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentMe } from "@/lib/http/server-session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentMe()) redirect(next?.startsWith("/") && !next.startsWith("//") ? next : "/dashboard");
  return <SignInForm next={next} />;
}
