/**
 * LOCAL STAND-IN — NOT AWS. The AWS Query protocol as ELBv2 (API version 2015-12-01) speaks it, for
 * the aws-elbv2 stand-in: form-encoded parameters with `.member.N` lists, XML answers
 * (<XResponse><XResult>…</XResult><ResponseMetadata>…), <ErrorResponse> errors, and an independent
 * implementation of Signature Version 4 verification (so the SDK's signing is checked, not reused).
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const ELB_XMLNS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

export class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/** `A.member.1.B=x` → { A: [{ B: "x" }] }. (An empty list arrives as `A=`, i.e. the string "".) */
export function parseQuery(body: string): Record<string, QueryValue> {
  const root: Record<string, QueryValue> = {};
  for (const [path, value] of new URLSearchParams(body)) {
    const parts = path.split(".");
    let node = root as Record<string | number, QueryValue>;
    for (let i = 0; i < parts.length; i++) {
      let slot: string | number = parts[i] as string;
      if (slot === "member") slot = Number(parts[++i]) - 1;
      if (i === parts.length - 1) {
        node[slot] = value;
        break;
      }
      node[slot] ??= parts[i + 1] === "member" ? [] : {};
      node = node[slot] as Record<string | number, QueryValue>;
    }
  }
  return root;
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

export function toXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return `<${name}>${value.map((v) => toXml("member", v)).join("")}</${name}>`;
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join("")}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function xmlResult(action: string, result: Record<string, XmlValue>, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ELB_XMLNS}">${toXml(`${action}Result`, result)}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function xmlError(fault: AwsFault, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ELB_XMLNS}"><Error><Type>${fault.type}</Type><Code>${escapeXml(fault.code)}</Code><Message>${escapeXml(fault.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

export type SigV4Expectation = { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string; service: string };

/** Checks an SigV4-signed POST to "/" the way AWS does; throws AwsFault with AWS's codes when it is not valid. */
export function verifySigV4(method: string, path: string, headers: IncomingHttpHeaders, body: string, expect: SigV4Expectation): void {
  const auth = String(headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m) throw new AwsFault(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== expect.accessKeyId)
    throw new AwsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  if (region !== expect.region || service !== expect.service) {
    throw new AwsFault(
      403,
      "SignatureDoesNotMatch",
      `Credential should be scoped to a valid region and service (${expect.region}/${expect.service}), not '${region}/${service}'.`,
    );
  }
  if (expect.sessionToken && headers["x-amz-security-token"] !== expect.sessionToken)
    throw new AwsFault(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  const amzDate = String(headers["x-amz-date"] ?? "");
  const at = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!Number.isFinite(at) || !amzDate.startsWith(date ?? ""))
    throw new AwsFault(400, "IncompleteSignature", "X-Amz-Date is missing or does not match the credential scope.");
  if (Math.abs(Date.now() - at) > 15 * 60_000) throw new AwsFault(400, "RequestExpired", "Request has expired.");
  const names = (signedHeaders ?? "").split(";");
  if (!names.includes("host") || !names.includes("x-amz-date"))
    throw new AwsFault(400, "IncompleteSignature", "SignedHeaders must include host and x-amz-date.");
  const payloadHash = sha256(body);
  if (headers["x-amz-content-sha256"] !== undefined && headers["x-amz-content-sha256"] !== payloadHash)
    throw new AwsFault(400, "SignatureDoesNotMatch", "The provided x-amz-content-sha256 header does not match the body.");
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonicalRequest = [method, path, "", canonicalHeaders, signedHeaders, payloadHash].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${expect.secretAccessKey}`, date ?? ""), region ?? ""), service ?? ""), "aws4_request");
  if (createHmac("sha256", key).update(stringToSign, "utf8").digest("hex") !== signature) {
    throw new AwsFault(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
}
