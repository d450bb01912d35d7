"use client";

import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { roleAtLeast, type Role } from "@/lib/auth/permissions";
import { useOrganization } from "@/lib/query/use-account";

/** Shows children only to roles that may use them; others learn why, instead of hitting a 403. */
export function RoleGate({ minimum, what, children }: { minimum: Role; what: string; children: ReactNode }) {
  const { data: org, isLoading } = useOrganization();
  if (isLoading || !org) return null;
  if (!roleAtLeast(org.role, minimum)) {
    return (
      <Alert tone="info">
        Only {minimum === "OWNER" ? "owners" : "admins and owners"} can {what}. Your role is {org.role.toLowerCase()}.
      </Alert>
    );
  }
  return <>{children}</>;
}
