/**
 * Verified addresses. An address counts as verified once its owner proved they read its mail: a verification
 * link, or an email sign-in link (Auth.js sets users.email_verified then), or an operator's word from the
 * command line (`npm run admin -- verify-email`). An addressed invite can only be accepted from a verified
 * address (./team-invites.ts), because anyone can sign up with someone else's address.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { AppError } from "../errors";
import { consumeUserToken, issueUserToken, type IssuedUserToken } from "./user-tokens";

export async function isEmailVerified(db: Database, userId: string): Promise<boolean> {
  const [user] = await db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
  return Boolean(user?.verified);
}

/** A verification link for the user's address. VALIDATION_FAILED when it is verified already. */
export async function startEmailVerification(db: Database, userId: string): Promise<IssuedUserToken> {
  if (await isEmailVerified(db, userId)) {
    throw new AppError("VALIDATION_FAILED", "Your email address is already verified.");
  }
  return issueUserToken(db, userId, "verify_email");
}

/** Uses a verification link. It counts only while the account still has the address it was sent to. */
export async function confirmEmailVerification(db: Database, token: string): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const { userId, email } = await consumeUserToken(tx, token, "verify_email");
    const verified = await tx
      .update(users)
      .set({ emailVerified: sql`now()` })
      .where(and(eq(users.id, userId), sql`lower(${users.email}) = ${email}`))
      .returning({ id: users.id });
    if (verified.length === 0) {
      throw new AppError("INVALID_LINK", "This link was sent to an address your account no longer has.");
    }
    return { email };
  });
}

/** For the operator: marks the address of the user with this email verified (the first admin, say). */
export async function verifyEmailByOperator(db: Database, email: string): Promise<{ alreadyVerified: boolean }> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id, verified: users.emailVerified })
    .from(users)
    .where(sql`lower(${users.email}) = ${normalized}`);
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${normalized}; they must sign up first.`);
  if (user.verified) return { alreadyVerified: true };
  await db.update(users).set({ emailVerified: sql`now()` }).where(eq(users.id, user.id));
  return { alreadyVerified: false };
}

/**
 * Called when an email sign-in link for this user's address was just used, before Auth.js signs them in and marks
 * the address verified. If the account has a password but the address was never verified, whoever chose that
 * password never proved the address was theirs: the password is removed and the account's sessions ended, so
 * only the person who reads the mail gets in. (They can set a new password from the account page.)
 */
export async function claimAccountByEmailLink(db: Database, userId: string): Promise<{ passwordRemoved: boolean }> {
  return db.transaction(async (tx) => {
    const cleared = await tx
      .update(users)
      .set({ passwordHash: null })
      .where(and(eq(users.id, userId), isNull(users.emailVerified), sql`${users.passwordHash} is not null`))
      .returning({ id: users.id });
    if (cleared.length === 0) return { passwordRemoved: false };
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    return { passwordRemoved: true };
  });
}
