import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentMe } from "@/lib/http/server-session";
import type { Me } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await currentMe();
  if (!me) redirect("/sign-in");
  // Dates cross the server/client boundary as ISO strings, as they do over the API.
  return <AppShell initialMe={JSON.parse(JSON.stringify(me)) as Me}>{children}</AppShell>;
}
