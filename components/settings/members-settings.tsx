"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { can, canGrant, ROLES, type Role } from "@/lib/auth/permissions";
import { useMe, useOrganization } from "@/lib/query/use-account";
import { useMembers, useRemoveMember, useUpdateMemberRole } from "@/lib/query/use-members";
import type { Member } from "@/lib/schemas/organization";
import { InvitationsCard } from "./invitations-card";

export function MembersSettings() {
  const { data: org } = useOrganization();
  const manage = org ? can(org.role, "members.manage") : false;
  return (
    <div className="space-y-6">
      <MembersCard manage={manage} myRole={org?.role} />
      {manage && org && <InvitationsCard myRole={org.role} />}
    </div>
  );
}

function MembersCard({ manage, myRole }: { manage: boolean; myRole?: Role }) {
  const { data, isLoading, error } = useMembers();
  const { data: me } = useMe();
  const updateRole = useUpdateMemberRole();
  const remove = useRemoveMember();
  const [removing, setRemoving] = useState<Member | null>(null);
  return (
    <Card>
      <CardHeader title="Members" description="Owners and admins manage people and access; developers deploy; viewers only look." />
      {error && (
        <div className="p-5">
          <Alert>{error.message}</Alert>
        </div>
      )}
      {updateRole.error && (
        <div className="px-5 pt-4">
          <Alert>{updateRole.error.message}</Alert>
        </div>
      )}
      {isLoading ? (
        <p className="p-5 text-sm text-slate-500">Loading…</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>E-mail</Th>
              <Th>Role</Th>
              <Th>Joined</Th>
              {manage && (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </tr>
          </thead>
          <tbody>
            {data?.items.map((m) => {
              const editable = manage && myRole !== undefined && (m.role !== "OWNER" || myRole === "OWNER");
              return (
                <Tr key={m.id} data-testid={`member-${m.email}`}>
                  <Td className="font-medium">
                    {m.name}
                    {m.userId === me?.user.id && (
                      <span className="ml-2">
                        <Badge>you</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>{m.email}</Td>
                  <Td>
                    {editable ? (
                      <Select
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        className="w-36 py-1"
                        disabled={updateRole.isPending}
                        onChange={(e) => updateRole.mutate({ id: m.id, role: e.target.value as Role })}
                      >
                        {ROLES.filter((r) => canGrant(myRole, r)).map((r) => (
                          <option key={r} value={r}>
                            {r.toLowerCase()}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge tone={m.role === "OWNER" ? "blue" : "gray"}>{m.role.toLowerCase()}</Badge>
                    )}
                  </Td>
                  <Td className="text-slate-500">
                    <TimeAgo iso={m.createdAt} />
                  </Td>
                  {manage && (
                    <Td className="text-right">
                      {editable && (
                        <Button variant="ghost" size="sm" onClick={() => (remove.reset(), setRemoving(m))}>
                          Remove
                        </Button>
                      )}
                    </Td>
                  )}
                </Tr>
              );
            })}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        title="Remove member"
        confirmLabel="Remove member"
        busy={remove.isPending}
        error={remove.error?.message}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      >
        <p>
          Remove <strong>{removing?.email}</strong> from this organisation? They lose access at once. API tokens they created keep working
          until you revoke them.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
