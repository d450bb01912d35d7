import { z } from "zod";
import { orgNameSchema } from "./auth";
import { emailSchema, idSchema, isoDateSchema, okSchema, pageOf, paginationQuerySchema, roleSchema } from "./common";
import { endpoint } from "./endpoint";

/** An organisation as every view of it shows it; a member's view adds their role, an operator's its usage. */
export const organizationIdentitySchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  createdAt: isoDateSchema,
});

export const organizationSchema = organizationIdentitySchema.extend({ role: roleSchema });

export const createOrganizationSchema = z.strictObject({ name: orgNameSchema });
export const updateOrganizationSchema = z.strictObject({ name: orgNameSchema });

export const memberSchema = z.object({
  id: idSchema,
  userId: idSchema,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: isoDateSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const updateMemberSchema = z.strictObject({ role: roleSchema });

export const invitationSchema = z.object({
  id: idSchema,
  email: z.string(),
  role: roleSchema,
  createdAt: isoDateSchema,
  expiresAt: isoDateSchema,
  acceptedAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const createInvitationSchema = z.strictObject({
  email: emailSchema,
  role: roleSchema,
});
/** The link is returned once; only its hash is stored. */
export const createdInvitationSchema = invitationSchema.extend({ token: z.string(), acceptUrl: z.string() });

export const acceptInvitationSchema = z.strictObject({ token: z.string().min(10).max(200) });
export const invitationPreviewSchema = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: isoDateSchema,
});

export const organizationEndpoints = {
  create: endpoint({
    id: "organizations.create",
    method: "POST",
    path: "/organizations",
    tags: ["organizations"],
    auth: "user",
    summary: "Create an organisation; you become its owner and it becomes active.",
    body: createOrganizationSchema,
    response: organizationSchema,
    status: 201,
  }),
  current: endpoint({
    id: "organization.get",
    method: "GET",
    path: "/organization",
    tags: ["organizations"],
    auth: "org",
    permission: "org.read",
    summary: "The organisation this request acts in.",
    response: organizationSchema,
  }),
  update: endpoint({
    id: "organization.update",
    method: "PATCH",
    path: "/organization",
    tags: ["organizations"],
    auth: "org",
    permission: "org.update",
    summary: "Rename the organisation.",
    body: updateOrganizationSchema,
    response: organizationSchema,
  }),
  listMembers: endpoint({
    id: "members.list",
    method: "GET",
    path: "/members",
    tags: ["members"],
    auth: "org",
    permission: "members.read",
    summary: "Members and their roles.",
    query: paginationQuerySchema,
    response: pageOf(memberSchema),
  }),
  updateMember: endpoint({
    id: "members.update",
    method: "PATCH",
    path: "/members/{memberId}",
    tags: ["members"],
    auth: "org",
    permission: "members.manage",
    summary: "Change a member's role.",
    params: z.object({ memberId: idSchema }),
    body: updateMemberSchema,
    response: memberSchema,
  }),
  removeMember: endpoint({
    id: "members.remove",
    method: "DELETE",
    path: "/members/{memberId}",
    tags: ["members"],
    auth: "org",
    permission: "members.manage",
    summary: "Remove a member (the last owner cannot be removed).",
    params: z.object({ memberId: idSchema }),
    response: okSchema,
  }),
  listInvitations: endpoint({
    id: "invitations.list",
    method: "GET",
    path: "/invitations",
    tags: ["members"],
    auth: "org",
    permission: "members.manage",
    summary: "Pending and past invitations.",
    query: paginationQuerySchema,
    response: pageOf(invitationSchema),
  }),
  createInvitation: endpoint({
    id: "invitations.create",
    method: "POST",
    path: "/invitations",
    tags: ["members"],
    auth: "org",
    permission: "members.manage",
    summary: "Invite someone by e-mail with a role; returns the link once.",
    body: createInvitationSchema,
    response: createdInvitationSchema,
    status: 201,
  }),
  revokeInvitation: endpoint({
    id: "invitations.revoke",
    method: "DELETE",
    path: "/invitations/{invitationId}",
    tags: ["members"],
    auth: "org",
    permission: "members.manage",
    summary: "Revoke a pending invitation.",
    params: z.object({ invitationId: idSchema }),
    response: okSchema,
  }),
  previewInvitation: endpoint({
    id: "invitations.preview",
    method: "GET",
    path: "/invitations/preview",
    tags: ["members"],
    auth: "public",
    summary: "What an invitation link is for (organisation, e-mail, role).",
    query: z.object({ token: z.string().min(10).max(200) }),
    response: invitationPreviewSchema,
  }),
  acceptInvitation: endpoint({
    id: "invitations.accept",
    method: "POST",
    path: "/invitations/accept",
    tags: ["members"],
    auth: "user",
    summary: "Join the organisation of an invitation addressed to your e-mail.",
    body: acceptInvitationSchema,
    response: organizationSchema,
  }),
};
