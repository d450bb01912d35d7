import { describe, expect, it } from "vitest";
import { attemptRecord } from "./attempt-record";

describe("attemptRecord", () => {
  it("a 2xx answer succeeds, whatever the attempt", () => {
    const { ok, last, data } = attemptRecord({ answer: { status: 204, error: null }, attempt: 1, maxAttempts: 5 });
    expect({ ok, last }).toEqual({ ok: true, last: false });
    expect(data).toEqual({ attempts: 1, responseStatus: 204, error: null, status: "SUCCEEDED", deliveredAt: expect.any(Date) });
  });

  it("a failure stays pending while attempts are left, and fails on the last one", () => {
    const answer = { status: 500, error: "HTTP 500" };
    expect(attemptRecord({ answer, attempt: 2, maxAttempts: 3 })).toEqual({
      ok: false,
      last: false,
      data: { attempts: 2, responseStatus: 500, error: "HTTP 500", status: "PENDING", deliveredAt: null },
    });
    expect(attemptRecord({ answer, attempt: 3, maxAttempts: 3 }).data.status).toBe("FAILED");
  });
});
