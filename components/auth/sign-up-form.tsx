"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, ApiError } from "@/lib/query/api";

/** Sign-up; with an invitation token the account joins that organisation instead of creating one. */
export function SignUpForm({ invitation }: { invitation?: { token: string; email: string; organizationName: string } }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** With e-mail verification on, sign-up ends here: the account exists, the link is in the mail. */
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
      ...(invitation
        ? { invitationToken: invitation.token }
        : form.get("organizationName")
          ? { organizationName: form.get("organizationName") }
          : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ emailVerificationRequired: boolean; user: { email: string } }>("/auth/sign-up", { method: "POST", body });
      if (result.emailVerificationRequired) {
        setMailedTo(result.user.email);
        setBusy(false);
        return;
      }
      window.location.assign("/dashboard");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "NETWORK", "Could not reach the console; is it running?"));
      setBusy(false);
    }
  };
  const fields = error?.fieldErrors() ?? {};
  const unplaced = error && Object.keys(fields).length === 0;
  if (mailedTo) {
    return (
      <Card className="p-6">
        <h1 className="text-xl font-semibold">Check your inbox</h1>
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">
          We sent a link to <strong>{mailedTo}</strong>. Open it to confirm your address, then sign in. The link works once and expires
          after a while; signing in before confirming offers to send a new one.
        </p>
        <Link href="/sign-in" className="mt-5 inline-block text-sm font-medium text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </Card>
    );
  }
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{invitation ? `Join ${invitation.organizationName}` : "Create your account"}</h1>
      <form onSubmit={submit} className="mt-5 space-y-4" noValidate>
        <Field label="Your name" error={fields.name}>
          <Input name="name" autoComplete="name" required autoFocus />
        </Field>
        <Field label="E-mail" error={fields.email}>
          <Input name="email" type="email" autoComplete="email" required defaultValue={invitation?.email} readOnly={Boolean(invitation)} />
        </Field>
        <Field label="Password" error={fields.password} hint="At least 10 characters.">
          <Input name="password" type="password" autoComplete="new-password" required minLength={10} />
        </Field>
        {!invitation && (
          <Field label="Organisation name" error={fields.organizationName} hint="Optional; you can rename it later.">
            <Input name="organizationName" autoComplete="organization" />
          </Field>
        )}
        {unplaced && <Alert>{error.message}</Alert>}
        <Button type="submit" className="w-full" busy={busy}>
          {invitation ? "Create account and join" : "Create account"}
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link
          href={invitation ? `/sign-in?next=${encodeURIComponent(`/invite?token=${invitation.token}`)}` : "/sign-in"}
          className="font-medium text-brand-600 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </Card>
  );
}
