/**
 * Trusted CAs for the gateway: the system roots plus the operator's --ca-file (a self-hosted
 * control plane with its own CA). There is deliberately no way to skip verification.
 */
import { readFile } from "node:fs/promises";
import tls from "node:tls";

export async function loadCaBundle(caFile: string | null): Promise<string[] | undefined> {
  if (!caFile) return undefined;
  let pem: string;
  try {
    pem = await readFile(caFile, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null ? String(Reflect.get(error, "code")) : "";
    throw new Error(`cannot read the CA file ${caFile}${code ? ` (${code})` : ""}`);
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----"))
    throw new Error(`the CA file ${caFile} contains no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  return [...tls.rootCertificates, pem];
}
