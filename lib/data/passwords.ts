/**
 * Changing and resetting passwords. Every change ends the account's other sessions: whoever knew the old
 * password (or stole a session) is signed out everywhere, as OWASP's Forgot Password and Session Management
 * cheat sheets advise (https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html).
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../auth/password-hash";
import { assertAcceptablePassword } from "../auth/password-policy";
import { AppError } from "../errors";
import { consumeUserToken, issueUserToken, type IssuedUserToken } from "./user-tokens";

/**
 * Sets a new password for the signed-in user. The current password is required when the account has one; an
 * account without one (GitHub, email links) may set its first. Sessions other than `keepSessionToken` end.
 */
export async function changePassword(
  db: Database,
  userId: string,
  input: { currentPassword: string; newPassword: string; keepSessionToken?: string },
): Promise<void> {
  const [user] = await db
    .select({ email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError("NOT_FOUND", "This account no longer exists. Sign in again.");
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", "Your current password is not right. Type it again.");
  }
  assertAcceptablePassword(input.newPassword, user);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx
      .delete(sessions)
      .where(
        input.keepSessionToken
          ? and(eq(sessions.userId, userId), ne(sessions.sessionToken, input.keepSessionToken))
          : eq(sessions.userId, userId),
      );
  });
}

/**
 * A reset link for the account with this address, or null when there is none: the caller says the same thing
 * either way ("if an account exists, we sent a link"), so the form does not reveal who has an account.
 */
export async function startPasswordReset(db: Database, email: string): Promise<IssuedUserToken | null> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${normalized}`);
  if (!user) return null;
  return issueUserToken(db, user.id, "reset_password");
}

/** For the operator when the site sends no mail: a reset link for this address (NOT_FOUND when no account). */
export async function issueResetLinkByOperator(db: Database, email: string): Promise<IssuedUserToken> {
  const issued = await startPasswordReset(db, email);
  if (!issued) throw new AppError("NOT_FOUND", `No user with email ${email.trim().toLowerCase()}.`);
  return issued;
}

/** Uses a reset link: sets the new password and ends every session of the account. */
export async function resetPasswordWithToken(db: Database, token: string, newPassword: string): Promise<{ userId: string }> {
  // A refused password throws inside the transaction, which rolls back: the link stays usable for a second try.
  const owner = await db.transaction(async (tx) => {
    const { userId } = await consumeUserToken(tx, token, "reset_password");
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
    if (!user) throw new AppError("INVALID_LINK", "This password reset link is no longer valid. Ask for a new one.");
    assertAcceptablePassword(newPassword, user);
    await tx.update(users).set({ passwordHash: await hashPassword(newPassword) }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    return { userId };
  });
  return owner;
}
