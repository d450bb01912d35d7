"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { useUpdateChannel } from "@/lib/query/use-notification-channels";
import type { NotificationChannelView } from "@/lib/schemas/notification-channels";

/** A webhook channel's new signing secret: asked for, then shown once. The old one stops working at once. */
export function RotateSecretDialog({ channel, onClose }: { channel: NotificationChannelView | null; onClose: () => void }) {
  const update = useUpdateChannel();
  const [secret, setSecret] = useState<string | null>(null);
  const close = () => (update.reset(), setSecret(null), onClose());
  return (
    <Dialog
      open={channel !== null}
      onClose={close}
      title={secret ? "New signing secret" : `Rotate the signing secret of ${channel?.name ?? ""}?`}
      footer={
        secret ? undefined : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={update.isPending}
              onClick={() =>
                channel &&
                update.mutate({ channelId: channel.id, input: { rotateSecret: true } }, { onSuccess: (c) => setSecret(c.secret) })
              }
            >
              Rotate secret
            </Button>
          </>
        )
      }
    >
      {secret ? (
        <OneTimeSecret
          warning="Copy the new secret now; it is never shown again. Deliveries are signed with it from now on."
          value={secret}
          testId="channel-secret"
          onDone={close}
        />
      ) : (
        <p>Deliveries are signed with a new secret from now on; your endpoint rejects them until it has the new one.</p>
      )}
      {update.error && <Alert>{update.error.message}</Alert>}
    </Dialog>
  );
}
