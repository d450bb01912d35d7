/**
 * Outgoing e-mail through the SMTP server named by SMTP_URL (nodemailer). Without SMTP_URL the
 * installation sends no mail and features that need it (address verification) stay off.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type Mail = { to: string; subject: string; text: string; html?: string };

let cached: { url: string; transport: Transporter } | undefined;

export const mailConfigured = (): boolean => Boolean(env.SMTP_URL);

function transport(url: string): Transporter {
  if (cached?.url !== url) {
    // Bounded so a dead mail server fails a request in seconds instead of hanging it.
    const u = new URL(url);
    const secure = u.protocol === "smtps:";
    cached = {
      url,
      transport: nodemailer.createTransport({
        host: u.hostname.replace(/^\[|\]$/g, ""),
        port: u.port ? Number(u.port) : secure ? 465 : 587,
        secure, // smtps:// is TLS from the start; smtp:// upgrades with STARTTLS when the server offers it
        auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  }
  return cached.transport;
}

/**
 * Sends one message; a refusal or an unreachable server becomes UPSTREAM_FAILED naming the server.
 * Returns the server's final reply ("250 OK: queued as …"), which delivery logs record.
 */
export async function sendMail(mail: Mail): Promise<{ response: string }> {
  const url = env.SMTP_URL;
  if (!url) throw new AppError("UNAVAILABLE", "No SMTP server is configured (SMTP_URL)");
  try {
    const info = (await transport(url).sendMail({ from: env.SMTP_FROM, ...mail })) as { response?: unknown };
    return { response: typeof info.response === "string" ? info.response : "" };
  } catch (err) {
    const host = (() => {
      try {
        return new URL(url).host;
      } catch {
        return "the SMTP server";
      }
    })();
    throw new AppError("UPSTREAM_FAILED", `Could not send e-mail through ${host}: ${(err as Error).message}`);
  }
}
