"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, ApiError } from "@/lib/query/api";
import { ResendVerification } from "./resend-verification";

export function SignInForm({ next }: { next?: string }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [credentials, setCredentials] = useState({ email: "", password: "" });
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setCredentials(body);
    setBusy(true);
    setError(null);
    try {
      await api("/auth/sign-in", { method: "POST", body });
      window.location.assign(next?.startsWith("/") && !next.startsWith("//") ? next : "/dashboard");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "NETWORK", "Could not reach the console; is it running?"));
      setBusy(false);
    }
  };
  const fields = error?.fieldErrors() ?? {};
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <form onSubmit={submit} className="mt-5 space-y-4" noValidate>
        <Field label="E-mail" error={fields.email}>
          <Input name="email" type="email" autoComplete="email" required autoFocus />
        </Field>
        <Field label="Password" error={fields.password}>
          <Input name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error?.code === "EMAIL_NOT_VERIFIED" ? (
          <ResendVerification message={error.message} credentials={credentials} />
        ) : (
          error && !fields.email && !fields.password && <Alert>{error.message}</Alert>
        )}
        <Button type="submit" className="w-full" busy={busy}>
          Sign in
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-500">
        New to Wharf?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </Card>
  );
}
