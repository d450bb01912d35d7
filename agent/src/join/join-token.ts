/**
 * Where the join token comes from, and making sure it does not linger. The token is read once at
 * start (a file may be /dev/stdin, readable only once) and kept in memory; a token file is deleted
 * once the node has joined, so a secret that can add machines to the cluster does not stay on disk.
 * The agent itself never writes the token anywhere (its state directory holds only the credential).
 */
import { lstat, readFile, truncate, unlink } from "node:fs/promises";
import { ConfigError, joinTokenSchema, type AgentConfig } from "../env";
import type { Logger } from "../log/logger";

type TokenConfig = Pick<AgentConfig, "joinToken" | "joinTokenFile" | "joinTokenInArgv">;

const MAX_FILE_BYTES = 4096;
const STDIN_PATHS = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

/**
 * Standard input read as a stream: opening /dev/stdin fails (ENXIO) when it is a socket, as it is
 * for a child process spawned with a pipe by Node.js or a supervisor.
 */
async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    if (text.length > MAX_FILE_BYTES) break;
  }
  process.stdin.destroy();
  return text;
}

/** The join token, or null without one. A token file that is gone (deleted after an earlier join) is no token. */
export async function resolveJoinToken(config: TokenConfig, log: Logger): Promise<string | null> {
  if (config.joinTokenInArgv)
    log.warn(
      "the join token was given with --token, where other users of this machine can read it (ps); use --token-file or WHARF_JOIN_TOKEN",
    );
  if (config.joinToken || !config.joinTokenFile) return config.joinToken;
  let text: string;
  try {
    text = (STDIN_PATHS.has(config.joinTokenFile) ? await readStdin() : await readFile(config.joinTokenFile, "utf8")).slice(
      0,
      MAX_FILE_BYTES,
    );
  } catch (error) {
    if (errorCode(error) === "ENOENT") {
      log.debug("no join token file (already joined?)", { file: config.joinTokenFile });
      return null;
    }
    throw new ConfigError(`cannot read the join token file ${config.joinTokenFile} (${errorCode(error) ?? "unknown error"})`);
  }
  const token = text.trim();
  if (token === "") return null;
  const parsed = joinTokenSchema.safeParse(token);
  if (!parsed.success)
    throw new ConfigError(
      `the join token file ${config.joinTokenFile} does not hold a join token: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return parsed.data;
}

/** After a successful join: delete the token file (or empty it when it cannot be deleted). Pipes are left alone. */
export async function forgetJoinTokenFile(config: TokenConfig, log: Logger): Promise<void> {
  const file = config.joinTokenFile;
  if (!file) return;
  try {
    if (!(await lstat(file)).isFile()) return; // /dev/stdin and other pipes: nothing stays behind
    await unlink(file);
    log.info("join token file deleted", { file });
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    try {
      await truncate(file, 0);
      log.warn("could not delete the join token file; emptied it instead", { file, code: errorCode(error) });
    } catch {
      log.warn("could not delete the join token file: delete it by hand (the token is used up or expires soon)", {
        file,
        code: errorCode(error),
      });
    }
  }
}

function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
  return typeof code === "string" ? code : undefined;
}
