/**
 * One notification in each channel's format (pure): an e-mail's subject and text, a Slack-compatible
 * incoming-webhook message (text plus a legacy attachment, which Slack, Mattermost and Rocket.Chat
 * all render), a DingTalk robot markdown message, and the generic webhook's JSON (the payload as
 * stored, with the delivery id).
 */
import { ALERT_KIND_INFO } from "@/lib/schemas/alerts";
import type { NotificationPayload } from "./notification-payload";

const SUBJECT_LABELS = ["cluster", "node", "hostname", "application", "service", "task", "load_balancer", "listener"] as const;

export function headline(p: NotificationPayload): string {
  if (p.event === "test" || !p.alert) return `[TEST] Test notification from Wharf (${p.organization.name})`;
  return `[${p.event === "firing" ? "FIRING" : "RESOLVED"}] ${p.alert.summary}`;
}

/** "label: value" lines describing the alert, for every format. */
export function detailLines(p: NotificationPayload): Array<[string, string]> {
  const lines: Array<[string, string]> = [["Organisation", p.organization.name]];
  const a = p.alert;
  if (!a) return [...lines, ["Message", "This channel works: Wharf can deliver alert notifications to it."]];
  lines.push(["Rule", `${a.rule.name} (${ALERT_KIND_INFO[a.rule.kind].label}, ${a.rule.severity.toLowerCase()})`]);
  for (const label of SUBJECT_LABELS) if (a.labels[label]) lines.push([label, a.labels[label] ?? ""]);
  lines.push(["Started", a.startsAt]);
  if (a.endsAt) lines.push(["Resolved", a.endsAt]);
  return lines;
}

export function emailMessage(p: NotificationPayload): { subject: string; text: string } {
  const body = detailLines(p)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return { subject: `[Wharf] ${headline(p)}`.slice(0, 250), text: `${headline(p)}\n\n${body}\n\n${p.url}\n` };
}

const COLOURS = { firing: "#d32f2f", resolved: "#2e7d32", test: "#1565c0" } as const;

export function slackMessage(p: NotificationPayload): Record<string, unknown> {
  const text = detailLines(p)
    .map(([k, v]) => `*${k}*: ${v}`)
    .join("\n");
  return {
    text: headline(p),
    attachments: [{ color: COLOURS[p.event], title: headline(p), title_link: p.url, text, fallback: `${headline(p)} ${p.url}` }],
  };
}

export function dingtalkMessage(p: NotificationPayload): Record<string, unknown> {
  const lines = detailLines(p).map(([k, v]) => `- **${k}**: ${v}`);
  return {
    msgtype: "markdown",
    markdown: { title: headline(p).slice(0, 100), text: [`### ${headline(p)}`, "", ...lines, "", `[Open in Wharf](${p.url})`].join("\n") },
  };
}

export function webhookBody(p: NotificationPayload, deliveryId: string): string {
  return JSON.stringify({ id: deliveryId, ...p });
}
