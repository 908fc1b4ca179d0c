/**
 * The one error type users see. `code` is stable (clients and tests match on it); `message` tells the user what
 * to do. Anything that is not an AppError is an internal failure: logged, and shown only as a generic message.
 */
export type AppErrorCode =
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "EMAIL_TAKEN"
  | "WEAK_PASSWORD"
  | "INVALID_CREDENTIALS"
  | "INVITE_EXPIRED"
  | "INVITE_USED"
  | "INVITE_REVOKED"
  | "INVITE_WRONG_RECIPIENT"
  | "ALREADY_MEMBER"
  | "OWNER_CANNOT_LEAVE"
  // Fair play (lib/data/one-team-per-person.ts, lib/data/teams.ts): one registered team per person and
  // competition; team names unique and not imitating the site's own.
  | "ONE_TEAM_PER_PERSON"
  | "TEAM_NAME_TAKEN"
  | "TEAM_NAME_RESERVED"
  | "MAIL_NOT_CONFIGURED"
  // Account security (lib/rate-limit, lib/auth): too many attempts, an unverified address, a dead one-time link.
  | "RATE_LIMITED"
  | "EMAIL_NOT_VERIFIED"
  | "INVALID_LINK"
  | "REMOVED_FROM_TEAM"
  // Artifact store (lib/storage): a body over its limit, a stored file whose hash changed, storage not reachable.
  | "TOO_LARGE"
  | "CHECKSUM_MISMATCH"
  | "STORAGE_UNAVAILABLE"
  // Submitting (lib/data/submissions.ts): not entered, outside a phase, over a quota, the same file again, a
  // bundle the validator refused; API tokens that were revoked or have expired.
  | "NOT_REGISTERED"
  | "PHASE_CLOSED"
  | "QUOTA_EXCEEDED"
  | "DUPLICATE_SUBMISSION"
  | "BUNDLE_REJECTED"
  | "TOKEN_REVOKED"
  | "TOKEN_EXPIRED"
  // Resubmitting (lib/data/submission-actions.ts) a submission whose evaluation finished: its result stands.
  | "ALREADY_SCORED"
  // Competition files (lib/competition-bundle): a broken manifest or missing data, every problem listed.
  | "COMPETITION_FILE_INVALID"
  // API v1 (lib/api): a method the path does not take.
  | "METHOD_NOT_ALLOWED";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What a server action returns to a form: either success or a message the user can act on. */
export type ActionResult<T = undefined> = { ok: true; value: T } | { ok: false; code: string; message: string };

export async function toActionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, code: error.code, message: error.message };
    console.error(error);
    return { ok: false, code: "INTERNAL", message: "Something went wrong on our side. Please try again." };
  }
}
