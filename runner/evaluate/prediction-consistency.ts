/**
 * The answers the latency and offline passes gave, checked against the accuracy pass's on the same examples, as
 * MLPerf Inference's compliance test TEST01 checks that the timed run computes what the accuracy run scored
 * (https://github.com/mlcommons/inference/tree/master/compliance/nvidia/TEST01). A model that branches on the batch
 * size (an `If` on Shape) could otherwise be scored on one path and timed on a cheaper one.
 */
import type { ChildMessage } from "../child-protocol";
import { EvaluationError } from "./evaluation-error";

type LatencyMessage = Extract<ChildMessage, { type: "latency" }>;
type ThroughputMessage = Extract<ChildMessage, { type: "throughput" }>;

export interface ConsistencyCheck {
  checked: number;
  mismatched: number;
  /** The first differing answer, for the message: example index, accuracy pass's answer, timed pass's answer. */
  firstMismatch: { pass: "latency" | "throughput"; example: number; scored: number; timed: number } | null;
}

export function comparePredictions(
  scored: readonly number[],
  latency: readonly LatencyMessage[],
  throughput: readonly ThroughputMessage[],
  measuredExamples: number,
): ConsistencyCheck {
  const result: ConsistencyCheck = { checked: 0, mismatched: 0, firstMismatch: null };
  const compare = (pass: "latency" | "throughput", example: number, timed: number) => {
    result.checked += 1;
    const expected = scored[example];
    if (expected === timed) return;
    result.mismatched += 1;
    result.firstMismatch ??= { pass, example, scored: expected ?? -1, timed };
  };
  for (const block of latency) {
    block.exampleIndex.forEach((example, i) => compare("latency", example, block.predicted[i]!));
  }
  for (const block of throughput) {
    block.predicted.forEach((timed, i) => compare("throughput", (block.firstExample + i) % measuredExamples, timed));
  }
  return result;
}

/** Throws INCONSISTENT_PREDICTIONS when more than `tolerance` of the timed answers differ from the scored ones. */
export function assertConsistentPredictions(check: ConsistencyCheck, tolerance: number): void {
  if (check.checked === 0 || check.mismatched / check.checked <= tolerance) return;
  const first = check.firstMismatch!;
  throw new EvaluationError(
    "INCONSISTENT_PREDICTIONS",
    `The model answered differently when timed: ${check.mismatched} of ${check.checked} answers of the latency and offline passes ` +
      `differ from the accuracy pass's on the same examples (first: example ${first.example}, ${first.pass} pass answered ${first.timed}, ` +
      `the scored pass ${first.scored}). A model must compute the same answer at every batch size.`,
  );
}
