import { describe, expect, it } from "vitest";
import { dingtalkMessage, emailMessage, headline, slackMessage, webhookBody } from "./format-notification";
import { notificationPayloadSchema, type NotificationPayload } from "./notification-payload";

const firing: NotificationPayload = {
  event: "firing",
  organization: { id: "o1", slug: "acme", name: "Acme" },
  alert: {
    id: "a1",
    state: "FIRING",
    summary: "CPU of shop/web at 93.0 % (above 80 % for 60s)",
    value: 93,
    labels: {
      org: "o1",
      rule: "r1",
      severity: "warning",
      alertname: "wharf_service_cpu",
      application: "shop",
      service: "web",
      cluster: "c1",
    },
    startsAt: "2026-12-03T10:00:00.000Z",
    endsAt: null,
    rule: { id: "r1", name: "Hot web", kind: "SERVICE_CPU", severity: "WARNING" },
  },
  url: "http://127.0.0.1:3000/alerts?alert=a1",
  sentAt: "2026-12-03T10:00:05.000Z",
};

describe("notification formats", () => {
  it("say what fires, where, and link to the console", () => {
    expect(headline(firing)).toBe("[FIRING] CPU of shop/web at 93.0 % (above 80 % for 60s)");
    const mail = emailMessage(firing);
    expect(mail.subject).toBe("[Wharf] [FIRING] CPU of shop/web at 93.0 % (above 80 % for 60s)");
    expect(mail.text).toContain("Rule: Hot web (Service CPU, warning)");
    expect(mail.text).toContain("service: web");
    expect(mail.text).toContain(firing.url);
  });

  it("build a Slack-compatible message and a DingTalk markdown message", () => {
    const slack = slackMessage({
      ...firing,
      event: "resolved",
      alert: firing.alert && { ...firing.alert, state: "RESOLVED", endsAt: "2026-12-03T10:05:00.000Z" },
    });
    expect(slack).toMatchObject({
      text: expect.stringMatching(/^\[RESOLVED\] CPU of shop\/web/),
      attachments: [{ color: "#2e7d32", title_link: firing.url }],
    });
    const ding = dingtalkMessage(firing) as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding.msgtype).toBe("markdown");
    expect(ding.markdown.text).toContain("- **Rule**: Hot web (Service CPU, warning)");
  });

  it("send the generic webhook the stored payload with the delivery id", () => {
    const body = JSON.parse(webhookBody(firing, "d1")) as NotificationPayload & { id: string };
    expect(body.id).toBe("d1");
    expect(notificationPayloadSchema.parse(body)).toEqual(firing);
  });

  it("word a test notification", () => {
    const test: NotificationPayload = { ...firing, event: "test", alert: null };
    expect(headline(test)).toBe("[TEST] Test notification from Wharf (Acme)");
    expect(emailMessage(test).text).toContain("This channel works");
  });
});
