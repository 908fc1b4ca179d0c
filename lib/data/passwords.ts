/**
 * Changing and resetting passwords. Every change ends the account's other sessions and revokes its API tokens:
 * whoever knew the old password (or stole a session, and made a token with it) loses access everywhere, as
 * OWASP's Forgot Password and Session Management cheat sheets advise
 * (https://cheatsheetseries.owasp.org/cheatsheets/Forgot_Password_Cheat_Sheet.html). The current-password check
 * counts against the sign-in throttles (./password-check-throttle.ts).
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../auth/password-hash";
import { assertAcceptablePassword } from "../auth/password-policy";
import { AppError } from "../errors";
import { type RevokedApiToken, revokeAllApiTokensOfUser } from "./api-tokens";
import { forgetPasswordCheckFailures, throttlePasswordCheck } from "./password-check-throttle";
import { consumeUserToken, issueUserToken, type IssuedUserToken } from "./user-tokens";

export interface PasswordChanged {
  /** The API tokens that stopped working with the change, for the page to list. */
  revokedTokens: RevokedApiToken[];
}

/**
 * Sets a new password for the signed-in user. The current password is required when the account has one; an
 * account without one (GitHub, email links) may set its first. Sessions other than `keepSessionToken` end, and
 * every API token of the user is revoked. RATE_LIMITED when the current password was guessed too often.
 */
export async function changePassword(
  db: Database,
  userId: string,
  input: { currentPassword: string; newPassword: string; keepSessionToken?: string; clientAddress: string },
): Promise<PasswordChanged> {
  const [user] = await db
    .select({ email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError("NOT_FOUND", "This account no longer exists. Sign in again.");
  if (user.passwordHash) {
    await throttlePasswordCheck(db, user.email ?? userId, input.clientAddress);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError("INVALID_CREDENTIALS", "Your current password is not right. Type it again.");
    }
    await forgetPasswordCheckFailures(db, user.email ?? userId);
  }
  assertAcceptablePassword(input.newPassword, user);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx
      .delete(sessions)
      .where(
        input.keepSessionToken
          ? and(eq(sessions.userId, userId), ne(sessions.sessionToken, input.keepSessionToken))
          : eq(sessions.userId, userId),
      );
    return { revokedTokens: await revokeAllApiTokensOfUser(tx, userId) };
  });
}

/**
 * A reset link for the account with this address, or null when there is none: the caller says the same thing
 * either way ("if an account exists, we sent a link"), so the form does not reveal who has an account.
 */
export async function startPasswordReset(db: Database, email: string): Promise<IssuedUserToken | null> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${normalized}`);
  if (!user) return null;
  return issueUserToken(db, user.id, "reset_password");
}

/** For the operator when the site sends no mail: a reset link for this address (NOT_FOUND when no account). */
export async function issueResetLinkByOperator(db: Database, email: string): Promise<IssuedUserToken> {
  const issued = await startPasswordReset(db, email);
  if (!issued) throw new AppError("NOT_FOUND", `No user with email ${email.trim().toLowerCase()}.`);
  return issued;
}

/** Uses a reset link: sets the new password, ends every session of the account and revokes its API tokens. */
export async function resetPasswordWithToken(
  db: Database,
  token: string,
  newPassword: string,
): Promise<{ userId: string } & PasswordChanged> {
  // A refused password throws inside the transaction, which rolls back: the link stays usable for a second try.
  const owner = await db.transaction(async (tx) => {
    const { userId } = await consumeUserToken(tx, token, "reset_password");
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
    if (!user) throw new AppError("INVALID_LINK", "This password reset link is no longer valid. Ask for a new one.");
    assertAcceptablePassword(newPassword, user);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(newPassword) })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    return { userId, revokedTokens: await revokeAllApiTokensOfUser(tx, userId) };
  });
  return owner;
}
