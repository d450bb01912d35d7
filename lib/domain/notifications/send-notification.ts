/**
 * Sends one notification to one channel and reports what the receiver answered. Webhook kinds go
 * through the outbound policy (safe-fetch: public addresses only unless OUTBOUND_ALLOW_CIDRS
 * allows more, no redirects, 10 s), because tenants choose their URLs; e-mail goes through the
 * installation's SMTP server (SMTP_URL). Generic webhooks are signed exactly like the registry's
 * (sign-webhook.ts); DingTalk requests carry the robot's signature in the query.
 */
import { sendMail } from "@/lib/drivers/mail/send-mail";
import { postToReceiver, type ReceiverAnswer } from "@/lib/drivers/net/post-to-receiver";
import { AppError } from "@/lib/errors";
import { signWebhook } from "../registry/webhooks/sign-webhook";
import { channelSettings, openChannelSecrets } from "./channel-secrets";
import { signedDingtalkUrl } from "./dingtalk-sign";
import { dingtalkMessage, emailMessage, slackMessage, webhookBody } from "./format-notification";
import type { NotificationPayload } from "./notification-payload";

export type ChannelForSend = { kind: "EMAIL" | "WEBHOOK" | "SLACK" | "DINGTALK"; settings: unknown; secretEnc: string | null };
export type SendResult = ReceiverAnswer;

const clip = (text: string) => text.slice(0, 500);

const post = (url: string, headers: Record<string, string>, body: string, check?: (text: string) => string | null) =>
  postToReceiver(url, { "content-type": "application/json", "user-agent": "Wharf-Alerts/1", ...headers }, body, {
    readBytes: 64 * 1024,
    check,
  });

/** DingTalk answers 200 for refusals too: {"errcode": 310000, "errmsg": "sign not match"}. */
function dingtalkRefusal(text: string): string | null {
  try {
    const body = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (body.errcode === undefined || body.errcode === 0) return null;
    return `DingTalk refused the message: ${String(body.errmsg ?? "")} (errcode ${String(body.errcode)})`;
  } catch {
    return null;
  }
}

async function email(to: string[], payload: NotificationPayload): Promise<SendResult> {
  if (to.length === 0) return { status: null, error: "the channel has no recipients" };
  try {
    const { response } = await sendMail({ to: to.join(", "), ...emailMessage(payload) });
    const code = Number(/^(\d{3})/.exec(response)?.[1]);
    return { status: Number.isFinite(code) ? code : null, error: null };
  } catch (error) {
    return { status: null, error: clip(error instanceof AppError ? error.message : `could not send e-mail (${(error as Error).message})`) };
  }
}

export async function sendNotification({
  channel,
  payload,
  deliveryId,
}: {
  channel: ChannelForSend;
  payload: NotificationPayload;
  deliveryId: string;
}): Promise<SendResult> {
  if (channel.kind === "EMAIL") return email(channelSettings(channel.settings).to ?? [], payload);
  const secrets = openChannelSecrets(channel.secretEnc);
  if (!secrets.url) return { status: null, error: "the channel has no URL" };
  switch (channel.kind) {
    case "WEBHOOK": {
      const body = webhookBody(payload, deliveryId);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        "x-wharf-event": `alert.${payload.event}`,
        "x-wharf-delivery": deliveryId,
        "x-wharf-timestamp": String(timestamp),
      };
      if (secrets.signingSecret) headers["x-wharf-signature"] = signWebhook(secrets.signingSecret, timestamp, body);
      return post(secrets.url, headers, body);
    }
    case "SLACK":
      return post(secrets.url, {}, JSON.stringify(slackMessage(payload)));
    case "DINGTALK": {
      const url = secrets.dingtalkSecret ? signedDingtalkUrl(secrets.url, secrets.dingtalkSecret, Date.now()) : secrets.url;
      return post(url, {}, JSON.stringify(dingtalkMessage(payload)), dingtalkRefusal);
    }
  }
}
