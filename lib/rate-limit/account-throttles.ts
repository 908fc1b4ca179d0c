/**
 * The throttles on password sign-in and sign-up, and the message a refused user sees.
 *
 * Per account: 10 attempts in 15 minutes stops online guessing of one account (a 10-character password that
 * passed zxcvbn score 3 needs far more than 10^3 guesses a day) while a person who mistypes a few times never
 * meets it. Per client address: more generous, because a classroom or a company shares one address, but it
 * stops one machine spraying guesses across many accounts. Sign-up counts per address, so nobody scripts
 * thousands of accounts or uses the form to probe which addresses are registered.
 */
import type { Database } from "../../db/client";
import { readEnvironment } from "../env";
import { AppError } from "../errors";
import { clearAttempts, consumeAttempt, pruneCounters, type ThrottleRule } from "./throttle";

export const signInPerAccount: ThrottleRule = { name: "signin-account", limit: 10, windowSeconds: 15 * 60 };
export const signInPerAddress: ThrottleRule = { name: "signin-address", limit: 100, windowSeconds: 15 * 60 };
export const signUpPerAddress: ThrottleRule = { name: "signup-address", limit: 20, windowSeconds: 60 * 60 };
export const passwordResetPerAccount: ThrottleRule = { name: "reset-account", limit: 5, windowSeconds: 60 * 60 };
// Each email sign-in link request mails someone: enough for a few retries, too few to flood an inbox.
export const emailLinkPerAccount: ThrottleRule = { name: "email-link-account", limit: 5, windowSeconds: 60 * 60 };

// One attempt in this many also prunes old counters: cheap, and no separate job to schedule.
const PRUNE_ONE_IN = 200;

/**
 * A per-address rule scaled by ADDRESS_LIMIT_FACTOR: a site whose users mostly sit behind one address (a
 * university NAT) raises it, and the browser tests, whose every user signs up from 127.0.0.1, do too.
 */
export function forAddress(rule: ThrottleRule, factor: number = readEnvironment().ADDRESS_LIMIT_FACTOR): ThrottleRule {
  return { ...rule, limit: Math.max(1, Math.round(rule.limit * factor)) };
}

/** Counts the attempt under every rule; throws RATE_LIMITED with the latest time to retry if any is over. */
export async function throttleOrThrow(
  db: Database,
  checks: ReadonlyArray<{ rule: ThrottleRule; subject: string }>,
  now: () => Date = () => new Date(),
): Promise<void> {
  if (Math.random() * PRUNE_ONE_IN < 1) await pruneCounters(db);
  let refusedUntil: Date | undefined;
  for (const { rule, subject } of checks) {
    const verdict = await consumeAttempt(db, rule, subject);
    if (!verdict.allowed && (!refusedUntil || verdict.retryAt > refusedUntil)) refusedUntil = verdict.retryAt;
  }
  if (refusedUntil) throw new AppError("RATE_LIMITED", tryAgainMessage(refusedUntil, now()));
}

/** "Too many attempts. Try again at 14:05 UTC (in 12 minutes)." */
export function tryAgainMessage(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const clock = retryAt.toISOString().slice(11, 16);
  return `Too many attempts. Try again at ${clock} UTC (in ${minutes} minute${minutes === 1 ? "" : "s"}).`;
}

export function accountSubject(email: string): string {
  return email.trim().toLowerCase();
}

export async function forgetSignInFailures(db: Database, email: string): Promise<void> {
  await clearAttempts(db, signInPerAccount, accountSubject(email));
}
