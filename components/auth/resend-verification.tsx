"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/query/api";

/**
 * Shown when sign-in is refused because the e-mail address is not confirmed yet: the server's
 * message and a button that mails a new link (it needs the password just typed; rate-limited).
 */
export function ResendVerification({ message, credentials }: { message: string; credentials: { email: string; password: string } }) {
  const [state, setState] = useState<{ busy: boolean; sent: boolean; error: string | null }>({ busy: false, sent: false, error: null });
  const resend = async () => {
    setState({ busy: true, sent: false, error: null });
    try {
      await api("/auth/verify-email/resend", { method: "POST", body: credentials });
      setState({ busy: false, sent: true, error: null });
    } catch (err) {
      setState({ busy: false, sent: false, error: err instanceof ApiError ? err.message : "Could not reach the console; is it running?" });
    }
  };
  return (
    <div className="space-y-2">
      <Alert tone="warning" title="Confirm your e-mail address">
        {message}
      </Alert>
      <Button variant="secondary" className="w-full" busy={state.busy} onClick={resend}>
        Send the link again
      </Button>
      {state.sent && <Alert tone="success">Sent. Open the newest link in the message; older links stop working.</Alert>}
      {state.error && <Alert>{state.error}</Alert>}
    </div>
  );
}
