"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { api, ApiError } from "@/lib/query/api";

type State = { status: "checking" } | { status: "done"; email: string } | { status: "failed"; message: string };

/** Confirms the address of the link's token as soon as the page opens, then points to sign-in. */
export function VerifyEmail({ token }: { token: string | undefined }) {
  const [state, setState] = useState<State>(
    token ? { status: "checking" } : { status: "failed", message: "This link has no token. Open the link from the e-mail again." },
  );
  const sent = useRef(false); // a link works once: never post it twice (React may run effects twice in development)
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    api<{ email: string }>("/auth/verify-email", { method: "POST", body: { token } })
      .then((r) => setState({ status: "done", email: r.email }))
      .catch((err: unknown) =>
        setState({ status: "failed", message: err instanceof ApiError ? err.message : "Could not reach the console; is it running?" }),
      );
  }, [token]);
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">Confirm your e-mail address</h1>
      <div className="mt-4 space-y-4 text-sm">
        {state.status === "checking" && <p className="text-slate-500">Confirming…</p>}
        {state.status === "done" && (
          <Alert tone="success" title="Address confirmed">
            {state.email} is confirmed. You can sign in now.
          </Alert>
        )}
        {state.status === "failed" && <Alert>{state.message}</Alert>}
        {state.status !== "checking" && (
          <Link href="/sign-in" className="inline-block font-medium text-brand-600 hover:underline">
            Go to sign in
          </Link>
        )}
      </div>
    </Card>
  );
}
