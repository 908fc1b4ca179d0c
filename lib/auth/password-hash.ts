/**
 * Password hashing with argon2id, the first choice of the OWASP Password Storage Cheat Sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
 *
 * Parameters: m = 19 MiB, t = 2, p = 1, OWASP's baseline configuration. Memory is what makes GPU and ASIC
 * cracking expensive; 19 MiB per hash keeps a sign-in around tens of milliseconds on one core and lets a small
 * server absorb a burst of sign-ins without running out of memory. The PHC string stores the parameters with each
 * hash, so raising them later only affects new hashes and old ones keep verifying.
 */
import { type Algorithm, hash, verify } from "@node-rs/argon2";

// Algorithm is an ambient const enum, which `isolatedModules` forbids reading; 2 is its Argon2id member.
const ARGON2ID = 2 satisfies Algorithm;

const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a stored value that is not an argon2 hash (never throws on bad input). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, for sign-ins with an unknown email: without it, "no such user"
 * answers measurably faster than "wrong password", and the response time would tell who has an account.
 */
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await decoyHash, password);
}
