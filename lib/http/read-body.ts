/**
 * Reads a JSON request body with a size limit. The limit is enforced while streaming, so a client
 * that lies about Content-Length (or sends none) still cannot make us buffer more than the limit.
 */
import { AppError } from "@/lib/errors";

export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const text = await readText(req, limit);
  if (text.trim() === "") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as JSON with Content-Type: application/json");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("INVALID_JSON", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

async function readText(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes`, { limit });
}
