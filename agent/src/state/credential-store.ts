/**
 * The node credential on disk: `<state-dir>/credential.json`, mode 0600 in a 0700 directory,
 * written atomically (temp file + rename) so a crash never leaves half a credential. A file other
 * users could read is refused rather than used: the credential is as good as the node itself.
 */
import { constants } from "node:fs";
import { chmod, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const storedCredentialSchema = z.object({
  url: z.string().min(1),
  nodeId: z.string().min(1),
  clusterId: z.string().min(1),
  credential: z.string().min(1),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

export class CredentialFileError extends Error {
  override name = "CredentialFileError";
}

const FILE_NAME = "credential.json";

export class CredentialStore {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = path.join(stateDir, FILE_NAME);
  }

  /** The stored credential, or null when there is none yet. */
  async read(): Promise<StoredCredential | null> {
    let info;
    try {
      info = await stat(this.file);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return null;
      throw new CredentialFileError(`cannot read ${this.file} (${errorCode(error) ?? "unknown error"})`);
    }
    if ((info.mode & 0o077) !== 0) {
      throw new CredentialFileError(
        `${this.file} is readable by other users (mode ${modeText(info.mode)}); run \`chmod 600 ${this.file}\` or delete it and join again`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid)
      throw new CredentialFileError(`${this.file} belongs to uid ${info.uid}, not to this agent (uid ${uid})`);
    const text = await readFile(this.file, "utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = storedCredentialSchema.safeParse(json);
    if (!parsed.success)
      throw new CredentialFileError(`${this.file} is not a valid credential file; delete it and start the agent with a join token`);
    return parsed.data;
  }

  async write(credential: StoredCredential): Promise<void> {
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    // mkdir's mode does not apply to a directory that already existed
    await chmod(this.stateDir, 0o700);
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      await handle.chmod(0o600); // the file may have existed with another mode
      await handle.writeFile(`${JSON.stringify(credential, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
  }

  /** Deletes the credential (it was refused); no-op when absent. */
  async discard(): Promise<void> {
    try {
      await unlink(this.file);
    } catch (error) {
      if (errorCode(error) !== "ENOENT") throw error;
    }
  }
}

function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" ? code : undefined;
}

function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
