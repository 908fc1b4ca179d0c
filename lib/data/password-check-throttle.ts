/**
 * The current-password check on pages that change the account (change password, delete account) counts against
 * the same throttles as sign-in: otherwise whoever holds a stolen session could guess the password there without
 * limit, and then change it. Counted before the password is checked, as sign-in does (lib/auth/credential-checks.ts).
 */
import type { Database } from "../../db/client";
import {
  accountSubject,
  forAddress,
  forgetSignInFailures,
  signInPerAccount,
  signInPerAddress,
  throttleOrThrow,
} from "../rate-limit/account-throttles";

export async function throttlePasswordCheck(db: Database, email: string, clientAddress: string): Promise<void> {
  await throttleOrThrow(db, [
    { rule: signInPerAccount, subject: accountSubject(email) },
    { rule: forAddress(signInPerAddress), subject: clientAddress },
  ]);
}

/** After a right password: the account's counter starts over, as after a sign-in (never the address's). */
export const forgetPasswordCheckFailures = forgetSignInFailures;
