/**
 * Whose fault a failed evaluation is, which decides whether its job is retried. A model that crashes, runs out
 * of memory or time, or does not match its manifest fails the same way on every runner: retrying it would only
 * spend queue time, so its evaluation fails at once. A runner that cannot do the work (no sandbox, a host that
 * does not honour the profile, a missing dataset file, our own bug) says nothing about the model: the job goes
 * back to the queue for another runner, within the retry limit (lib/data/evaluations.ts).
 */
import { RUNNER_FAULT_CODES } from "../../lib/submissions/infrastructure-failures";
import { describeFailure } from "../evaluate/evaluation-error";

export type FailureKind = "model" | "runner";

const RUNNER_CODES: ReadonlySet<string> = new Set(RUNNER_FAULT_CODES);

export function classifyFailure(error: unknown): { kind: FailureKind; code: string; message: string } {
  const failure = describeFailure(error);
  // Every dataset problem is the organizers' (a file missing on this host, a definition that does not parse).
  const datasetProblem = (error as { name?: string } | null)?.name === "DatasetError";
  const kind: FailureKind = datasetProblem || RUNNER_CODES.has(failure.code) ? "runner" : "model";
  return { kind, ...failure };
}
