import { AppError } from "../lib/errors";

/** The AppError a piece of work fails with; fails the test when it succeeds or fails with anything else. */
export async function appErrorFrom(work: Promise<unknown>): Promise<AppError> {
  const outcome = await work.then(
    () => new Error("expected an AppError, but it succeeded"),
    (error: unknown) => error,
  );
  if (outcome instanceof AppError) return outcome;
  throw outcome;
}
