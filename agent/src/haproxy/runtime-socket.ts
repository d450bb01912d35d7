/**
 * One command on an HAProxy CLI socket (the admin socket's runtime API, or the master CLI): connect,
 * send the line, read until HAProxy closes. One connection per command, so every answer belongs to
 * exactly one command (a unix socket connection costs well under a millisecond).
 */
import net from "node:net";
import { CommandError } from "../commands/command-error";

export class SocketUnavailableError extends Error {
  override name = "SocketUnavailableError";
  constructor(
    readonly socketPath: string,
    readonly code: string,
  ) {
    super(`HAProxy socket ${socketPath} does not answer (${code})`);
  }
}

const MAX_ANSWER = 32 * 1024 * 1024;

export function socketCommand(socketPath: string, command: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = net.connect(socketPath, () => socket.end(`${command}\n`));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SocketUnavailableError(socketPath, "TIMEOUT"));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER) {
        socket.destroy();
        clearTimeout(timer);
        reject(new SocketUnavailableError(socketPath, "ANSWER_TOO_LARGE"));
        return;
      }
      chunks.push(chunk);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SocketUnavailableError(socketPath, error.code ?? error.message));
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/** Answers the runtime API gives when a command worked; anything else is its error message. */
const SUCCESS = [
  /^$/,
  /^New server registered\.$/,
  /^Server deleted\.$/,
  /^IP changed from/,
  /^no need to change the addr/,
  /^port changed from/,
  /^no need to change the port/,
];

export function runtimeAnswerOk(answer: string): boolean {
  const text = answer.trim();
  return text.split("\n").every((line) => SUCCESS.some((re) => re.test(line.trim())));
}

/** A runtime API command that must work; its refusal becomes HAPROXY_RUNTIME_ERROR. */
export async function runtimeCommand(adminSocket: string, command: string): Promise<void> {
  let answer: string;
  try {
    answer = await socketCommand(adminSocket, command);
  } catch (error) {
    if (error instanceof SocketUnavailableError) throw new CommandError("HAPROXY_UNAVAILABLE", error.message);
    throw error;
  }
  if (!runtimeAnswerOk(answer))
    throw new CommandError("HAPROXY_RUNTIME_ERROR", `HAProxy refused "${command}": ${answer.trim().slice(0, 500)}`);
}
