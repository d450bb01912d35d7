import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/auth/accept-invitation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Alert } from "@/components/ui/alert";
import { previewInvitation } from "@/lib/domain/invitations/preview-invitation";
import { AppError } from "@/lib/errors";
import { currentMe } from "@/lib/http/server-session";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const preview = token ? await previewInvitation({ token }).catch((e: unknown) => (e instanceof AppError ? e : Promise.reject(e))) : null;
  if (!token || !preview || preview instanceof AppError) {
    return (
      <div className="space-y-4">
        <Alert title="This invitation cannot be used">{preview instanceof AppError ? preview.message : "The link is incomplete."}</Alert>
        <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  const me = await currentMe();
  if (me) {
    return (
      <AcceptInvitation
        token={token}
        organizationName={preview.organizationName}
        role={preview.role}
        invitedEmail={preview.email}
        signedInEmail={me.user.email}
      />
    );
  }
  return <SignUpForm invitation={{ token, email: preview.email, organizationName: preview.organizationName }} />;
}
