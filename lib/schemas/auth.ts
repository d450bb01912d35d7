import { z } from "zod";
import { emailSchema, idSchema, isoDateSchema, okSchema, roleSchema } from "./common";
import { endpoint } from "./endpoint";

export const passwordSchema = z.string().min(10, "must be at least 10 characters").max(256, "must be at most 256 characters");

export const orgNameSchema = z.string().trim().min(2, "must be at least 2 characters").max(64);

export const signUpSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1, "is required").max(100),
  password: passwordSchema,
  /** Name of the organisation to create. Ignored when joining through an invitation. */
  organizationName: orgNameSchema.optional(),
  invitationToken: z.string().min(10).max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, "is required").max(256),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const membershipSummarySchema = z.object({
  organizationId: idSchema,
  organizationName: z.string(),
  organizationSlug: z.string(),
  role: roleSchema,
});

export const meSchema = z.object({
  /** isOperator: an installation operator (quotas, registry garbage collection; the console shows "Installation"). */
  user: z.object({ id: idSchema, email: z.string(), name: z.string(), createdAt: isoDateSchema, isOperator: z.boolean() }),
  activeOrganizationId: idSchema.nullable(),
  memberships: z.array(membershipSummarySchema),
});
export type Me = z.infer<typeof meSchema>;

/**
 * Sign-up answers like /me; with e-mail verification on (SMTP configured) it sets no session and
 * emailVerificationRequired says to follow the mailed link before signing in.
 */
export const signUpResultSchema = meSchema.extend({ emailVerificationRequired: z.boolean() });

export const verifyEmailSchema = z.strictObject({ token: z.string().min(10).max(200) });

export const switchOrgSchema = z.strictObject({ organizationId: idSchema });

export const authEndpoints = {
  signUp: endpoint({
    id: "auth.signUp",
    method: "POST",
    path: "/auth/sign-up",
    tags: ["auth"],
    auth: "public",
    summary: "Create an account. The first account of an installation owns its first organisation.",
    body: signUpSchema,
    response: signUpResultSchema,
    status: 201,
  }),
  verifyEmail: endpoint({
    id: "auth.verifyEmail",
    method: "POST",
    path: "/auth/verify-email",
    tags: ["auth"],
    auth: "public",
    summary: "Confirm an e-mail address with the token from the mailed link (only asked for when SMTP is configured).",
    body: verifyEmailSchema,
    response: z.object({ email: z.string() }),
  }),
  resendVerification: endpoint({
    id: "auth.resendVerification",
    method: "POST",
    path: "/auth/verify-email/resend",
    tags: ["auth"],
    auth: "public",
    summary: "Mail a new confirmation link to an unconfirmed account (needs its password; at most one a minute).",
    body: signInSchema,
    response: okSchema,
  }),
  signIn: endpoint({
    id: "auth.signIn",
    method: "POST",
    path: "/auth/sign-in",
    tags: ["auth"],
    auth: "public",
    summary: "Sign in with e-mail and password; sets the session cookie.",
    body: signInSchema,
    response: meSchema,
  }),
  signOut: endpoint({
    id: "auth.signOut",
    method: "POST",
    path: "/auth/sign-out",
    tags: ["auth"],
    auth: "user",
    summary: "End the current session.",
    response: okSchema,
  }),
  me: endpoint({
    id: "me.get",
    method: "GET",
    path: "/me",
    tags: ["auth"],
    auth: "user",
    summary: "The signed-in user, their organisations and the active one.",
    response: meSchema,
  }),
  switchOrg: endpoint({
    id: "me.switchOrganization",
    method: "PUT",
    path: "/me/active-organization",
    tags: ["auth"],
    auth: "user",
    summary: "Choose the organisation the console works in.",
    body: switchOrgSchema,
    response: meSchema,
  }),
};
