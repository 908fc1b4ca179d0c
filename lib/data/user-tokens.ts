/**
 * One-time links for one user: email verification and password reset. Like team invites, only the sha256 of the
 * token is stored. Using a link is one `UPDATE ... WHERE used_at IS NULL AND expires_at > now() RETURNING`, so
 * of two clicks racing for one link exactly one wins, and expiry is judged by the database clock that wrote it.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { userTokens, users, type UserTokenPurpose } from "../../db/schema";
import { AppError } from "../errors";

// A verification link may wait in an inbox over a weekend; a reset link is a key to the account, so it is short.
const LIFETIME_SECONDS: Record<UserTokenPurpose, number> = { verify_email: 3 * 24 * 3600, reset_password: 3600 };
const PATHS: Record<UserTokenPurpose, string> = { verify_email: "/verify-email", reset_password: "/reset-password" };

export interface IssuedUserToken {
  token: string;
  /** `/verify-email/<token>` or `/reset-password/<token>`; prefix it with siteUrl() for a link. */
  path: string;
  email: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new link for the user's current address; earlier unused links of the same purpose stop working. */
export async function issueUserToken(
  db: Database,
  userId: string,
  purpose: UserTokenPurpose,
): Promise<IssuedUserToken> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!user?.email) throw new AppError("VALIDATION_FAILED", "This account has no email address to send a link to.");
    await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
    const token = randomBytes(32).toString("base64url");
    const [row] = await tx
      .insert(userTokens)
      .values({
        tokenHash: hashToken(token),
        userId,
        purpose,
        email: user.email.toLowerCase(),
        expiresAt: sql`now() + make_interval(secs => ${LIFETIME_SECONDS[purpose]})`,
      })
      .returning({ expiresAt: userTokens.expiresAt });
    if (!row) throw new Error("insert into user_tokens returned no row");
    return { token, path: `${PATHS[purpose]}/${token}`, email: user.email.toLowerCase(), expiresAt: row.expiresAt };
  });
}

/** Whether the link could still be used (for the page it opens; using it happens in consumeUserToken). */
export async function isUsableUserToken(db: Database, token: string, purpose: UserTokenPurpose): Promise<boolean> {
  const [row] = await db.select({ userId: userTokens.userId }).from(userTokens).where(usable(token, purpose));
  return row !== undefined;
}

/** Marks the link used and returns whose it was; INVALID_LINK when unknown, used, replaced or expired. */
export async function consumeUserToken(
  tx: DatabaseOrTransaction,
  token: string,
  purpose: UserTokenPurpose,
): Promise<{ userId: string; email: string }> {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(usable(token, purpose))
    .returning({ userId: userTokens.userId, email: userTokens.email });
  if (!row) throw invalidLink(purpose);
  return row;
}

function usable(token: string, purpose: UserTokenPurpose) {
  return and(
    eq(userTokens.tokenHash, hashToken(token)),
    eq(userTokens.purpose, purpose),
    isNull(userTokens.usedAt),
    gt(userTokens.expiresAt, sql`now()`),
  );
}

export function invalidLink(purpose: UserTokenPurpose): AppError {
  return new AppError(
    "INVALID_LINK",
    purpose === "verify_email"
      ? "This verification link has expired or was already used. Send a new one from your account page."
      : "This password reset link has expired or was already used. Ask for a new one.",
  );
}
