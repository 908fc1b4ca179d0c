/**
 * Email and password sign-in for server actions. Auth.js's Credentials provider cannot create database sessions
 * (see the header of ./config.ts), so we check the password ourselves, insert the same kind of `sessions` row the
 * adapter would, and set it under Auth.js's own cookie name and options: from then on `auth()` and `signOut()`
 * cannot tell a password session from a GitHub or magic-link one.
 */
import "server-only";
import { cookies } from "next/headers";
import { getDatabase } from "../../db/client";
import { createDatabaseSession, type PublicUser } from "../data/users";
import { requestClientAddress } from "./client-address";
import { requestSessionCookie, SESSION_MAX_AGE_SECONDS } from "./config";
import { checkPasswordSignIn, checkPasswordSignUp } from "./credential-checks";

export async function startPasswordSession(userId: string): Promise<void> {
  const { sessionToken, expires } = await createDatabaseSession(getDatabase(), userId);
  const cookie = await requestSessionCookie();
  const jar = await cookies();
  jar.set(cookie.name, sessionToken, { ...cookie.options, expires, maxAge: SESSION_MAX_AGE_SECONDS });
}

/**
 * Creates the account and signs it in. Throws AppError (RATE_LIMITED, VALIDATION_FAILED, WEAK_PASSWORD,
 * EMAIL_TAKEN, in that order of checking).
 */
export async function signUpWithPassword(input: {
  name: string;
  email: string;
  password: string;
}): Promise<PublicUser> {
  const user = await checkPasswordSignUp(getDatabase(), { ...input, clientAddress: await requestClientAddress() });
  await startPasswordSession(user.id);
  return user;
}

/** Throws AppError("INVALID_CREDENTIALS") for an unknown email or a wrong password alike, RATE_LIMITED when over. */
export async function signInWithPassword(email: string, password: string): Promise<PublicUser> {
  const clientAddress = await requestClientAddress();
  const user = await checkPasswordSignIn(getDatabase(), { email, password, clientAddress });
  await startPasswordSession(user.id);
  return user;
}
