/**
 * What we accept as a new password. Following NIST SP 800-63B §3.1.1.2 we ask for length and check against
 * known-weak passwords instead of imposing composition rules ("one digit, one symbol"), which push people towards
 * "Password1!" without making passwords harder to guess. The strength check is zxcvbn (Wheeler, USENIX Security
 * 2016), which models how crackers actually guess: dictionaries, keyboard patterns, dates, the user's own details.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "../errors";
import { passwordFeedbackEnglish } from "./password-feedback-en";

// NIST's floor is 8; 10 costs users little and multiplies the guesses an offline attacker needs by ~10^4.
export const MIN_PASSWORD_LENGTH = 10;
// Long enough for any passphrase or manager-generated password, short enough that nobody makes us hash megabytes.
export const MAX_PASSWORD_LENGTH = 256;
// zxcvbn scores 0..4; 3 means "safely unguessable: moderate protection from an offline slow-hash attack"
// (about 10^8 guesses or more), which is what argon2id storage is there to make expensive.
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

let estimator: ZxcvbnFactory | undefined;

// Built on first use: ranking the dictionaries takes tens of milliseconds, which the pages that never check a
// password should not pay.
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    translations: passwordFeedbackEnglish,
  });
  return estimator;
}

/** Words that make a password guessable for this user in particular: their name, their address, our name. */
export function personalWords(owner: PasswordOwner): string[] {
  const email = owner.email?.trim().toLowerCase() ?? "";
  const name = owner.name?.trim() ?? "";
  const words = ["joulebench", email, ...email.split(/[@.+_-]/), name, ...name.split(/\s+/)];
  return [...new Set(words.filter((word) => word.length >= 3))];
}

/** Throws AppError("WEAK_PASSWORD") with a message that says what to change; returns when the password is fine. */
export function assertAcceptablePassword(password: string, owner: PasswordOwner = {}): void {
  if (password.length === 0) {
    throw new AppError("WEAK_PASSWORD", `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      "WEAK_PASSWORD",
      `Your password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (it has ${password.length}).`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError("WEAK_PASSWORD", `Your password is too long: use at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  const result = passwordEstimator().check(password, personalWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean);
  if (advice.length === 0) advice.push(passwordFeedbackEnglish.suggestions.anotherWord);
  throw new AppError("WEAK_PASSWORD", `This password is too easy to guess. ${advice.join(" ")}`);
}
