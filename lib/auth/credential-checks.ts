/**
 * Password sign-in and sign-up with their throttles in front, for any caller that has a database and the
 * client's address (the server actions through ./password-sign-in.ts, tests directly).
 *
 * Order matters. Every attempt is counted before anything about the account is looked at, so a refused attacker
 * learns nothing (not even whether the password was right), and sign-up validates the whole form before saying
 * an address is taken, so the form cannot be used as a cheap "does this person have an account?" oracle.
 */
import "server-only";
import type { Database } from "../../db/client";
import { type PublicUser, registerUser, verifyPasswordSignIn } from "../data/users";
import {
  accountSubject,
  forAddress,
  forgetSignInFailures,
  signInPerAccount,
  signInPerAddress,
  signUpPerAddress,
  throttleOrThrow,
} from "../rate-limit/account-throttles";

export async function checkPasswordSignIn(
  db: Database,
  input: { email: string; password: string; clientAddress: string },
): Promise<PublicUser> {
  await throttleOrThrow(db, [
    { rule: signInPerAccount, subject: accountSubject(input.email) },
    { rule: forAddress(signInPerAddress), subject: input.clientAddress },
  ]);
  const user = await verifyPasswordSignIn(db, input.email, input.password);
  // The account's own counter starts over after a success; the address's does not, or an attacker could reset it
  // by signing in to an account of their own between guesses at others.
  await forgetSignInFailures(db, input.email);
  return user;
}

export async function checkPasswordSignUp(
  db: Database,
  input: { name: string; email: string; password: string; clientAddress: string },
): Promise<PublicUser> {
  await throttleOrThrow(db, [{ rule: forAddress(signUpPerAddress), subject: input.clientAddress }]);
  return registerUser(db, { name: input.name, email: input.email, password: input.password });
}
