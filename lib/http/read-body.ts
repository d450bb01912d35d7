/**
 * Reads a request body with a size limit. The limit is enforced while streaming, so a client that
 * lies about Content-Length (or sends none) still cannot make us buffer more than the limit.
 * JSON always; multipart/form-data where an endpoint allows it (compose file uploads); raw text
 * for the registry endpoints, whose bodies are not /api/v1 JSON (readTextBody).
 */
import { AppError } from "@/lib/errors";

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;
const MULTIPART_TYPE = /^multipart\/form-data\b/i;

export async function readRequestBody(req: Request, limit: number, options: { multipart?: boolean } = {}): Promise<unknown> {
  const bytes = await readBytes(req, limit);
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "") return undefined;
  const type = req.headers.get("content-type") ?? "";
  if (options.multipart && MULTIPART_TYPE.test(type)) {
    decodeUtf8(bytes, "BAD_REQUEST"); // every part Wharf accepts is text
    return parseMultipart(bytes, type);
  }
  if (!JSON_TYPE.test(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Send the request body as JSON with Content-Type: application/json${options.multipart ? " (or multipart/form-data)" : ""}`,
    );
  }
  const text = decodeUtf8(bytes, "INVALID_JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("INVALID_JSON", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** JSON is UTF-8 (RFC 8259): invalid bytes are refused (400), not silently stored as U+FFFD. */
function decodeUtf8(bytes: Buffer, code: "INVALID_JSON" | "BAD_REQUEST"): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError(code, "The request body is not valid UTF-8");
  }
}

export const readJsonBody = (req: Request, limit: number) => readRequestBody(req, limit);

/** The raw body as UTF-8 text, whatever its content type; the limit counts bytes. */
export const readTextBody = async (req: Request, limit: number) => (await readBytes(req, limit)).toString("utf8");

async function readBytes(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
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
  return Buffer.concat(chunks);
}

/** Form fields become strings (files: their text); a field named "env" holds a JSON object. */
async function parseMultipart(bytes: Buffer, type: string): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": type } }).formData();
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The multipart body could not be read: ${(error as Error).message}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    const text = typeof value === "string" ? value : await value.text();
    if (key === "env") {
      try {
        out.env = JSON.parse(text) as unknown;
      } catch {
        throw new AppError("INVALID_INPUT", "The env field must be a JSON object of variables", [
          { path: "body.env", message: "must be a JSON object" },
        ]);
      }
    } else {
      out[key] = text;
    }
  }
  return out;
}

function tooLarge(limit: number) {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes`, { limit });
}
