/** What the console says about each kind of notification channel. */
import { Hash, Mail, MessageSquare, Webhook, type LucideIcon } from "lucide-react";
import type { NotificationChannelKind } from "@/lib/schemas/notification-channels";

export const CHANNEL_KINDS: Record<NotificationChannelKind, { label: string; icon: LucideIcon; help: string }> = {
  EMAIL: { label: "E-mail", icon: Mail, help: "Sent through the installation's SMTP server to each recipient." },
  WEBHOOK: { label: "Webhook", icon: Webhook, help: "A signed JSON POST to your endpoint, retried with backoff until it answers 2xx." },
  SLACK: { label: "Slack", icon: Hash, help: "A Slack (or Mattermost, Rocket.Chat…) incoming webhook." },
  DINGTALK: { label: "DingTalk", icon: MessageSquare, help: 'A DingTalk group robot; add its signing secret if the robot uses "sign".' },
};

/** Recipients typed one per line or separated by commas or spaces. */
export const splitRecipients = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
