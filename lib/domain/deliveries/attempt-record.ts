/**
 * What a delivery row (a notification's or a registry webhook's) records after one attempt: the
 * answer, and a status that stays PENDING while BullMQ still has attempts left to retry with.
 */
import type { ReceiverAnswer } from "@/lib/drivers/net/post-to-receiver";

export type AttemptRecordOptions = { answer: ReceiverAnswer; attempt: number; maxAttempts: number };

export function attemptRecord({ answer, attempt, maxAttempts }: AttemptRecordOptions) {
  const ok = answer.error === null;
  const last = attempt >= maxAttempts;
  return {
    ok,
    last,
    data: {
      attempts: attempt,
      responseStatus: answer.status,
      error: answer.error,
      status: ok ? ("SUCCEEDED" as const) : last ? ("FAILED" as const) : ("PENDING" as const),
      deliveredAt: ok ? new Date() : null,
    },
  };
}
