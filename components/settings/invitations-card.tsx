"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CardError } from "@/components/ui/card-error";
import { CopyField } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ListBody } from "@/components/ui/list-card";
import { Td, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { canGrant, ROLES, type Role } from "@/lib/auth/permissions";
import { ApiError } from "@/lib/query/api";
import { useInvitations, useInvite, useRevokeInvitation, type CreatedInvitation } from "@/lib/query/use-members";
import type { Invitation } from "@/lib/schemas/organization";

function status(inv: Invitation): { label: string; tone: "green" | "gray" | "yellow" | "red" } {
  if (inv.acceptedAt) return { label: "accepted", tone: "green" };
  if (inv.revokedAt) return { label: "revoked", tone: "gray" };
  if (new Date(inv.expiresAt) <= new Date()) return { label: "expired", tone: "red" };
  return { label: "pending", tone: "yellow" };
}

export function InvitationsCard({ myRole }: { myRole: Role }) {
  const query = useInvitations();
  const invite = useInvite();
  const revoke = useRevokeInvitation();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("DEVELOPER");
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const error = invite.error instanceof ApiError ? invite.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email, role }, { onSuccess: (inv) => (setCreated(inv), setEmail("")) });
  };
  return (
    <Card>
      <CardHeader
        title="Invitations"
        description="Wharf does not send e-mail: share the link with the person you invite. Links expire after 7 days."
      />
      <form
        onSubmit={submit}
        className="grid gap-4 border-b border-slate-200 p-5 sm:grid-cols-[1fr_12rem_auto] sm:items-end dark:border-slate-800"
      >
        <Field label="E-mail to invite" error={error?.fieldErrors().email}>
          <Input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required placeholder="colleague@example.com" />
        </Field>
        <Field label="Role">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.filter((r) => canGrant(myRole, r)).map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" busy={invite.isPending}>
          Invite
        </Button>
      </form>
      {!error?.fieldErrors().email && <CardError error={error} placement="above" />}
      {created && (
        <div className="px-5 pt-4">
          <Alert tone="success" title={`Invitation for ${created.email} created`}>
            <p className="mb-2">Send this link to them. It is shown only now.</p>
            <CopyField value={created.acceptUrl} surface="alert" testId="invite-link" />
          </Alert>
        </div>
      )}
      <ListBody
        query={query}
        empty={{ note: "No invitations yet." }}
        columns={["E-mail", "Role", "Status", "Expires"]}
        rows={(invitations) =>
          invitations.map((inv) => {
            const s = status(inv);
            return (
              <Tr key={inv.id}>
                <Td>{inv.email}</Td>
                <Td>{inv.role.toLowerCase()}</Td>
                <Td>
                  <Badge tone={s.tone}>{s.label}</Badge>
                </Td>
                <Td className="text-slate-500">
                  <TimeAgo iso={inv.expiresAt} />
                </Td>
                <Td className="text-right">
                  {s.label === "pending" && (
                    <Button
                      variant="ghost"
                      size="sm"
                      busy={revoke.isPending && revoke.variables === inv.id}
                      onClick={() => revoke.mutate(inv.id)}
                    >
                      Revoke
                    </Button>
                  )}
                </Td>
              </Tr>
            );
          })
        }
      />
    </Card>
  );
}
