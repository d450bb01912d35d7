import { mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../env";
import { createLogger, silentLogger } from "../log/logger";
import { forgetJoinTokenFile, resolveJoinToken } from "./join-token";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-token-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = (over: Partial<{ joinToken: string | null; joinTokenFile: string | null; joinTokenInArgv: boolean }>) => ({
  joinToken: null,
  joinTokenFile: null,
  joinTokenInArgv: false,
  ...over,
});

describe("finding 3: the join token does not linger", () => {
  it("reads the token from a file and deletes the file once joined", async () => {
    const file = path.join(dir, "join-token");
    await writeFile(file, "wharf_join_0123456789abcdef\n", { mode: 0o600 });
    expect(await resolveJoinToken(config({ joinTokenFile: file }), silentLogger)).toBe("wharf_join_0123456789abcdef");
    await forgetJoinTokenFile(config({ joinTokenFile: file }), silentLogger);
    expect(await readdir(dir)).toEqual([]);
  });

  it("a token file already deleted (the agent joined before) is no token, not an error", async () => {
    expect(await resolveJoinToken(config({ joinTokenFile: path.join(dir, "gone") }), silentLogger)).toBeNull();
    await forgetJoinTokenFile(config({ joinTokenFile: path.join(dir, "gone") }), silentLogger);
  });

  it("refuses a file that does not hold a token", async () => {
    const file = path.join(dir, "join-token");
    await writeFile(file, "two words here");
    await expect(resolveJoinToken(config({ joinTokenFile: file }), silentLogger)).rejects.toThrow(ConfigError);
  });

  it("leaves what is not a regular file alone (a pipe such as /dev/stdin)", async () => {
    const link = path.join(dir, "stdin");
    await symlink("/dev/null", link);
    await forgetJoinTokenFile(config({ joinTokenFile: link }), silentLogger);
    expect(await readdir(dir)).toEqual(["stdin"]);
  });

  it("warns when the token came on the command line", async () => {
    const lines: string[] = [];
    expect(
      await resolveJoinToken(
        config({ joinToken: "wharf_join_0123456789", joinTokenInArgv: true }),
        createLogger({ level: "debug", write: (l) => lines.push(l) }),
      ),
    ).toBe("wharf_join_0123456789");
    expect(lines.join("")).toMatch(/--token-file or WHARF_JOIN_TOKEN/);
    expect(lines.join("")).not.toContain("wharf_join_0123456789");
  });
});
