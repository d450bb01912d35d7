/**
 * Runs a command in a running container and returns what it printed (stdout and stderr, with the
 * engine's stream framing left in: tests look for text with toContain).
 */
import type Docker from "dockerode";

export async function execOutput(container: Docker.Container, cmd: string[]): Promise<string> {
  const execution = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await execution.start({});
  return new Promise<string>((resolve, reject) => {
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    stream.on("end", () => resolve(text));
    stream.on("error", reject);
  });
}
