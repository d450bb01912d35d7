/**
 * Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt for linux-x64, no
 * node-gyp). Parameters follow OWASP's minimum for argon2id (19 MiB, 2 iterations).
 */
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Checked against when an e-mail is unknown, so timing does not reveal which accounts exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("wharf-timing-equaliser");
  return dummyHash;
}
