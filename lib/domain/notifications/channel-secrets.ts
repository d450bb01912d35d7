/**
 * A channel's secret parts, sealed together in NotificationChannel.secretEnc (AES-256-GCM, like
 * ExternalRegistry.secretEnc): the receiver URL of the webhook kinds (Slack and DingTalk URLs are
 * bearer tokens), a generic webhook's HMAC signing secret, a DingTalk robot's signing secret.
 * Decrypted only to send; never returned by the API, never logged.
 */
import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto";

const channelSecretsSchema = z.object({
  url: z.string().optional(),
  /** WEBHOOK: the HMAC key of X-Wharf-Signature. */
  signingSecret: z.string().optional(),
  /** DINGTALK: the robot's "sign" secret (SEC…). */
  dingtalkSecret: z.string().optional(),
});
export type ChannelSecrets = z.infer<typeof channelSecretsSchema>;

export const sealChannelSecrets = (secrets: ChannelSecrets): string => encryptSecret(JSON.stringify(secrets));

export function openChannelSecrets(sealed: string | null): ChannelSecrets {
  if (!sealed) return {};
  return channelSecretsSchema.parse(JSON.parse(decryptSecret(sealed)));
}

/** Non-secret settings kept in NotificationChannel.settings: recipients, or the receiver's origin for display. */
const channelSettingsSchema = z.object({
  to: z.array(z.string()).optional(),
  origin: z.string().optional(),
  signed: z.boolean().optional(),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

export function channelSettings(value: unknown): ChannelSettings {
  const parsed = channelSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** "https://hooks.slack.com": what the console may show of a URL whose path and query hold a token. */
export const originOf = (url: string) => new URL(url).origin;
