import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readJsonBody, readRequestBody, readTextBody } from "./read-body";

const req = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://x/", { method: "POST", body, headers });

describe("readJsonBody", () => {
  it("parses JSON and treats an empty body as absent", async () => {
    expect(await readJsonBody(req('{"a":1}'), 100)).toEqual({ a: 1 });
    expect(await readJsonBody(req(""), 100)).toBeUndefined();
  });

  it("refuses bodies over the limit even without Content-Length", async () => {
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(50)));
        c.close();
      },
    });
    const r = new Request("http://x/", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    await expect(readJsonBody(r, 100)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("names malformed JSON and wrong content types", async () => {
    await expect(readJsonBody(req("{nope"), 100)).rejects.toMatchObject({ code: "INVALID_JSON" });
    await expect(readJsonBody(req('{"a":1}', { "content-type": "text/plain" }), 100)).rejects.toBeInstanceOf(AppError);
  });
});

describe("finding 7: invalid UTF-8 in a JSON body", () => {
  it("is refused with 400 rather than stored as replacement characters", async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    await expect(readJsonBody(req(bytes), 100)).rejects.toMatchObject({ code: "INVALID_JSON", message: expect.stringMatching(/UTF-8/) });
    await expect(
      readRequestBody(req(bytes, { "content-type": "multipart/form-data; boundary=x" }), 100, { multipart: true }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await readJsonBody(req(Buffer.from('{"name":"café 🚢"}')), 100)).toEqual({ name: "café 🚢" });
  });
});

describe("readTextBody", () => {
  it("returns the body as text whatever its content type", async () => {
    expect(await readTextBody(req("grant_type=password", { "content-type": "application/x-www-form-urlencoded" }), 100)).toBe(
      "grant_type=password",
    );
    expect(await readTextBody(new Request("http://x/", { method: "POST" }), 100)).toBe("");
  });

  it("counts the limit in bytes", async () => {
    expect(await readTextBody(req("é".repeat(50)), 100)).toBe("é".repeat(50));
    await expect(readTextBody(req("é".repeat(51)), 100)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
