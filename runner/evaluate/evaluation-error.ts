/**
 * Why an evaluation failed, with a stable code a team can search for and a message it can act on. Errors from the
 * bundle, model and dataset checks keep their own codes (BundleError, ModelError, DatasetError).
 */
export type EvaluationErrorCode =
  | "MANIFEST_MISMATCH"
  | "PROFILE_UNAVAILABLE"
  | "SANDBOX_UNAVAILABLE"
  | "TIMEOUT"
  | "MEMORY_LIMIT"
  | "CHILD_CRASHED"
  | "CANCELLED"
  | "INCONSISTENT_PREDICTIONS"
  | "CORES_BUSY"
  | "EVALUATION_DATA_IN_MODEL";

export class EvaluationError extends Error {
  constructor(
    readonly code: EvaluationErrorCode | string,
    message: string,
  ) {
    super(message);
    this.name = "EvaluationError";
  }
}

/** Code and message of any failure, for the CLI's JSON and the evaluations table. */
export function describeFailure(error: unknown): { code: string; message: string } {
  const candidate = error as { code?: unknown; message?: unknown; name?: string };
  const known = ["EvaluationError", "BundleError", "ModelError", "DatasetError", "AppError"];
  if (candidate && typeof candidate.code === "string" && known.includes(candidate.name ?? "")) {
    return { code: candidate.code, message: String(candidate.message) };
  }
  // Anything else is our fault: its message may hold host paths, so only the runner's log gets it.
  return {
    code: "INTERNAL",
    message: "The runner failed unexpectedly; the organizers have the details in the runner log.",
  };
}
