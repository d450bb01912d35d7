"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardError } from "@/components/ui/card-error";
import { Select } from "@/components/ui/input";
import { ListCard } from "@/components/ui/list-card";
import { RemovalDialog, useRemoval } from "@/components/ui/removal-dialog";
import { Td, Tr } from "@/components/ui/table";
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
  const { data: me } = useMe();
  const updateRole = useUpdateMemberRole();
  const removing = useRemoval<Member>(useRemoveMember());
  return (
    <ListCard
      title="Members"
      description="Owners and admins manage people and access; developers deploy; viewers only look."
      query={useMembers()}
      notice={<CardError error={updateRole.error} placement="above" />}
      empty={null}
      columns={["Name", "E-mail", "Role", "Joined"]}
      rowActions={manage}
      rows={(members) =>
        members.map((m) => {
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
                    <Button variant="ghost" size="sm" onClick={() => removing.ask(m)}>
                      Remove
                    </Button>
                  )}
                </Td>
              )}
            </Tr>
          );
        })
      }
    >
      <RemovalDialog removal={removing} title="Remove member" confirmLabel="Remove member">
        {(m) => (
          <p>
            Remove <strong>{m.email}</strong> from this organisation? They lose access at once. API tokens they created keep working until
            you revoke them.
          </p>
        )}
      </RemovalDialog>
    </ListCard>
  );
}
