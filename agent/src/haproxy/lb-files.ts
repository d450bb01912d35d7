/**
 * The files of one load balancer on disk: its directory (mode 700, created when the first command
 * for it arrives, never before), state.json and the config written atomically (mode 600), and the
 * certificates (mode 600, content-addressed, private keys included: that is what HAProxy loads).
 */
import { constants } from "node:fs";
import { chmod, mkdir, open, readdir, readFile, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { HaproxyCertificate } from "@/lib/protocol/haproxy";
import { CommandError } from "../commands/command-error";
import { certFile, contentHash, type LbPaths } from "./lb-paths";
import { lbStateSchema, type LbState } from "./lb-state";

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // mkdir's mode does not apply to a directory that already existed
}

/** Creates the load balancer's directory (and the haproxy root); returns whether it was new. */
export async function ensureLbDir(root: string, paths: LbPaths): Promise<boolean> {
  await ensureDir(root);
  let created = true;
  try {
    await mkdir(paths.dir, { mode: 0o700 });
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error;
    created = false;
  }
  await chmod(paths.dir, 0o700);
  await ensureDir(paths.certs);
  return created;
}

export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/** The stored desired state, or null when there is none (no command for this load balancer yet). */
export async function readState(paths: LbPaths): Promise<LbState | null> {
  let text: string;
  try {
    text = await readFile(paths.state, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
  const parsed = lbStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new CommandError(
      "INTERNAL",
      `${paths.state} is not a valid load-balancer state: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return parsed.data;
}

export const writeState = (paths: LbPaths, state: LbState) => writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`);

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** Refuses a PEM bundle HAProxy could not serve: no certificate, no private key, or a key that is not the certificate's. */
export function checkCertificate(cert: HaproxyCertificate): void {
  const where = `certificate ${cert.name}`;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert.pem);
  } catch {
    throw new CommandError("INVALID_PAYLOAD", `${where}: no PEM certificate in it`);
  }
  const keyPem = PRIVATE_KEY.exec(cert.pem)?.[0];
  if (!keyPem)
    throw new CommandError("INVALID_PAYLOAD", `${where}: the PEM has no private key (HAProxy needs the certificate followed by its key)`);
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    throw new CommandError("INVALID_PAYLOAD", `${where}: its private key cannot be read (encrypted keys are not supported)`);
  }
  if (!matches) throw new CommandError("INVALID_PAYLOAD", `${where}: the private key does not belong to the certificate`);
}

/** Writes a certificate's PEM (once per content) and returns how the state refers to it. */
export async function writeCertificate(paths: LbPaths, cert: HaproxyCertificate): Promise<{ name: string; sha256: string }> {
  const stored = { name: cert.name, sha256: contentHash(cert.pem) };
  const file = certFile(paths, stored);
  try {
    await readFile(file);
  } catch {
    await writeFileAtomic(file, cert.pem.endsWith("\n") ? cert.pem : `${cert.pem}\n`);
  }
  return stored;
}

/** Deletes certificates and crt-lists nothing refers to any more. */
export async function removeUnreferenced(paths: LbPaths, keep: ReadonlySet<string>): Promise<void> {
  const names = await readdir(paths.certs).catch(() => [] as string[]);
  await Promise.all(
    names
      .map((name) => path.join(paths.certs, name))
      .filter((file) => !keep.has(file))
      .map((file) => unlink(file).catch(() => undefined)),
  );
}

export const removeLbDir = (paths: LbPaths) => rm(paths.dir, { recursive: true, force: true });

/** The load balancers that have a directory under the haproxy root (on agent start). */
export async function listLbIds(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && /^[A-Za-z0-9_-]{1,64}$/.test(e.name)).map((e) => e.name);
}
