/**
 * Failure codes that are the infrastructure's, not the model's: the one list the runner uses to retry a job
 * elsewhere (runner/worker/failure-kind.ts) and the quota uses to leave the failure uncounted
 * (lib/data/submission-quotas.ts), so the two can never disagree.
 */

/** Codes a runner fails with when it cannot do the work; they say nothing about the model. */
export const RUNNER_FAULT_CODES = [
  "PROFILE_UNAVAILABLE",
  "SANDBOX_UNAVAILABLE",
  "UNKNOWN_SPLIT",
  "ARTIFACT_MISSING",
  // Storage down, or a stored file changed since upload (runner/worker/fetch-artifacts.ts).
  "STORAGE_UNAVAILABLE",
  "CHECKSUM_MISMATCH",
  // Another runner of this host measures on the same cores (runner/evaluate/core-allocation.ts).
  "CORES_BUSY",
  "INTERNAL",
] as const;

/** The runner faults, and the reaper's verdict on runners that died on every attempt. */
export const INFRASTRUCTURE_FAILURE_CODES: readonly string[] = [...RUNNER_FAULT_CODES, "RUNNER_LOST"];
