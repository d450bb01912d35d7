/**
 * The "Test connection" answer for a cloud driver whose call failed: refused credentials and a
 * missing load balancer get a hint at what to check; anything else is the error's own message.
 */
import { isCredentialError, providerCodeOf } from "./errors";
import type { TestConnectionResult } from "./types";

export type ConnectionFailureWording = {
  /** Who refused the credentials ("AWS"). */
  provider: string;
  /** What to check when they are refused. */
  credentialsHint: string;
  /** The provider's code for "no such load balancer", and what to say and check then. */
  notFoundCode: string;
  notFound: string;
  notFoundHint: string;
};

export function connectionFailure(error: unknown, wording: ConnectionFailureWording): TestConnectionResult {
  const code = providerCodeOf(error);
  const text = (error as Error).message;
  if (code && isCredentialError(code))
    return { ok: false, message: `${wording.provider} refused the credentials (${code}); ${wording.credentialsHint}. ${text}` };
  if (code === wording.notFoundCode) return { ok: false, message: `${wording.notFound} (${code}); ${wording.notFoundHint}. ${text}` };
  return { ok: false, message: text };
}
