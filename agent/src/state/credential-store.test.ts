import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialFileError, CredentialStore } from "./credential-store";

const credential = { url: "https://wharf.test", nodeId: "node_1", clusterId: "cl_1", credential: "wac_secret" };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-agent-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("credential store", () => {
  it("writes the credential 0600 in a 0700 directory and reads it back", async () => {
    const store = new CredentialStore(path.join(dir, "state"));
    expect(await store.read()).toBeNull();
    await store.write(credential);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect((await stat(store.stateDir)).mode & 0o777).toBe(0o700);
    expect(await store.read()).toEqual(credential);
    expect(JSON.parse(await readFile(store.file, "utf8"))).toEqual(credential);
  });

  it("tightens an existing directory and overwrites a previous file", async () => {
    await chmod(dir, 0o755);
    const store = new CredentialStore(dir);
    await writeFile(store.file, "{}", { mode: 0o600 });
    await store.write(credential);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await store.read()).toEqual(credential);
  });

  it("refuses a credential file other users can read", async () => {
    const store = new CredentialStore(dir);
    await store.write(credential);
    await chmod(store.file, 0o644);
    await expect(store.read()).rejects.toThrow(CredentialFileError);
    await expect(store.read()).rejects.toThrow(/mode 0644.*chmod 600/);
  });

  it("refuses a file that is not a credential", async () => {
    const store = new CredentialStore(dir);
    await writeFile(store.file, "garbage", { mode: 0o600 });
    await expect(store.read()).rejects.toThrow("not a valid credential file");
  });

  it("discards the file, and discarding nothing is fine", async () => {
    const store = new CredentialStore(dir);
    await store.write(credential);
    await store.discard();
    await store.discard();
    expect(await store.read()).toBeNull();
  });
});
