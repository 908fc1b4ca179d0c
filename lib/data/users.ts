/**
 * Users and their email+password credentials. Sign-in through GitHub or magic links creates users through the
 * Auth.js adapter instead (lib/auth/config.ts); both kinds meet in the same `users` and `sessions` tables.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { accounts, sessions, users } from "../../db/schema";
import { hashPassword, verifyAgainstDecoy, verifyPassword } from "../auth/password-hash";
import { assertAcceptablePassword } from "../auth/password-policy";
import { SESSION_MAX_AGE_SECONDS } from "../auth/session-max-age";
import { AppError } from "../errors";
import { visibleNameSchema } from "../validation/visible-name";

const EMAIL_TAKEN_MESSAGE = "An account with this email already exists. Sign in instead, or use another email.";
// One message for an unknown email and a wrong password, so the form does not reveal who has an account.
const INVALID_CREDENTIALS_MESSAGE = "Wrong email or password. Check both and try again.";
// Postgres SQLSTATE unique_violation: https://www.postgresql.org/docs/current/errcodes-appendix.html
const UNIQUE_VIOLATION = "23505";

// Shown to teammates and on leaderboards, so it must display as what it is (../validation/visible-name.ts).
const displayName = visibleNameSchema({
  min: 1,
  max: 100,
  tooShort: "Enter your name: it is shown to your teammates.",
  tooLong: "Keep your name under 100 characters.",
});

// Addresses are stored trimmed and lowercased, as Auth.js does for magic links, so one inbox is one account.
export const emailAddressSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address, like ada@example.com.").max(254, "That email address is too long."));

const registration = z.object({ name: displayName, email: emailAddressSchema, password: z.string() });

export interface PublicUser {
  id: string;
  email: string | null;
  name: string | null;
}

export interface UserProfile extends PublicUser {
  hasPassword: boolean;
  /** The owner proved they read mail at this address (lib/data/email-verification.ts). */
  emailVerified: boolean;
  /** Auth.js providers linked to this user, e.g. ["github"]. */
  linkedProviders: string[];
  createdAt: Date;
  /** Whether they get an email when one of their teams' evaluations finishes or fails. */
  evaluationEmails: boolean;
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", parsed.error.issues[0]?.message ?? "Check the form and try again.");
  }
  return parsed.data;
}

// drizzle wraps driver errors (DrizzleQueryError) with postgres.js's error as `cause`; look down the chain.
function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

// GitHub can hand the adapter a mixed-case address, so compare case-insensitively.
const emailMatches = (email: string) => sql`lower(${users.email}) = ${email}`;

export async function registerUser(
  db: Database,
  input: { name: string; email: string; password: string },
): Promise<PublicUser> {
  const { name, email, password } = parseOrThrow(registration, input);
  // The whole form is checked before the address is looked up: a form that answers "taken" to any address
  // with a junk password would tell anyone, for free, who has an account.
  assertAcceptablePassword(password, { email, name });
  const [existing] = await db.select({ id: users.id }).from(users).where(emailMatches(email)).limit(1);
  if (existing) throw new AppError("EMAIL_TAKEN", EMAIL_TAKEN_MESSAGE);
  const passwordHash = await hashPassword(password);
  try {
    const [created] = await db
      .insert(users)
      .values({ name, email, passwordHash })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!created) throw new Error("insert into users returned no row");
    return created;
  } catch (error) {
    // Two sign-ups for one address at once both pass the check above; the unique index settles it.
    if (isUniqueViolation(error)) throw new AppError("EMAIL_TAKEN", EMAIL_TAKEN_MESSAGE);
    throw error;
  }
}

export async function verifyPasswordSignIn(db: Database, email: string, password: string): Promise<PublicUser> {
  const parsedEmail = emailAddressSchema.safeParse(email);
  const [user] = parsedEmail.success
    ? await db
        .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
        .from(users)
        .where(and(emailMatches(parsedEmail.data), isNotNull(users.passwordHash)))
        .limit(1)
    : [];
  if (!user?.passwordHash) {
    await verifyAgainstDecoy(password);
    throw new AppError("INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);
  }
  return { id: user.id, email: user.email, name: user.name };
}

/** A session row of the same kind Auth.js creates, so `auth()` reads it and `signOut()` deletes it. */
export async function createDatabaseSession(
  db: Database,
  userId: string,
): Promise<{ sessionToken: string; expires: Date }> {
  // 256 bits from the CSPRNG: as unguessable as Auth.js's own session tokens.
  const sessionToken = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.insert(sessions).values({ sessionToken, userId, expires });
  return { sessionToken, expires };
}

export async function getUserProfile(db: Database, userId: string): Promise<UserProfile> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError("NOT_FOUND", "This account no longer exists. Sign in again.");
  const linked = await db
    .select({ provider: accounts.provider })
    .from(accounts)
    .where(eq(accounts.userId, userId))
    .orderBy(accounts.provider);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    hasPassword: user.passwordHash !== null,
    emailVerified: user.emailVerified !== null,
    linkedProviders: [...new Set(linked.map((account) => account.provider))],
    createdAt: user.createdAt,
    evaluationEmails: user.evaluationEmails,
  };
}

/** Turns the user's evaluation emails on or off; callers pass the signed-in user's own id. */
export async function setEvaluationEmails(db: Database, userId: string, enabled: boolean): Promise<void> {
  const updated = await db
    .update(users)
    .set({ evaluationEmails: enabled })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (updated.length === 0) throw new AppError("NOT_FOUND", "This account no longer exists. Sign in again.");
}

/** Renames the user `userId`; callers pass the signed-in user's own id, so no further check is needed. */
export async function updateUserName(db: Database, userId: string, name: string): Promise<PublicUser> {
  const newName = parseOrThrow(displayName, name);
  const [updated] = await db
    .update(users)
    .set({ name: newName })
    .where(eq(users.id, userId))
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!updated) throw new AppError("NOT_FOUND", "This account no longer exists. Sign in again.");
  return updated;
}
