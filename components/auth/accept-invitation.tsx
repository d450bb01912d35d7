"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api, ApiError } from "@/lib/query/api";

export function AcceptInvitation(props: {
  token: string;
  organizationName: string;
  role: string;
  invitedEmail: string;
  signedInEmail: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = props.invitedEmail !== props.signedInEmail.toLowerCase();
  const accept = async () => {
    setBusy(true);
    try {
      await api("/invitations/accept", { method: "POST", body: { token: props.token } });
      window.location.assign("/dashboard");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not accept the invitation");
      setBusy(false);
    }
  };
  return (
    <Card className="space-y-4 p-6">
      <h1 className="text-xl font-semibold">Join {props.organizationName}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        You were invited as <strong>{props.role.toLowerCase()}</strong> ({props.invitedEmail}).
      </p>
      {mismatch && (
        <Alert tone="warning">
          You are signed in as {props.signedInEmail}. Sign out and sign in as {props.invitedEmail} to accept.
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      <Button className="w-full" onClick={accept} busy={busy} disabled={mismatch}>
        Accept invitation
      </Button>
    </Card>
  );
}
