import { expect } from "vitest";
import { dbFingerprint } from "./db";

export type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } };

/** A refusal: the status and code, the field it names, and nothing changed in the database. */
export async function refused(
  send: () => Promise<{ status: number; json: unknown; text: string }>,
  status: number,
  code: string,
  path?: string,
) {
  const before = await dbFingerprint();
  const res = await send();
  expect(res.status, res.text).toBe(status);
  const body = res.json as ErrorBody;
  expect(body.error.code).toBe(code);
  if (path)
    expect(
      body.error.details?.map((d) => d.path),
      res.text,
    ).toContain(path);
  expect(await dbFingerprint(), `${res.text} changed the database`).toEqual(before);
  return body.error;
}
