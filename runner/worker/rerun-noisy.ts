/**
 * A noisy or disturbed result (runner/evaluate/assess-noise.ts) is measured again by the worker, at most
 * `maxReruns` times, inside the same claimed evaluation: no new submission is made, so the team's quota is not
 * touched. The last measurement is kept: choosing the best of several would favour whichever run happened to land
 * low. One that stays noisy is recorded as it is, with its wide intervals, its reasons and the number of re-runs,
 * and the leaderboard shows it marked.
 */
import type { EvaluationReport } from "../evaluate/evaluation-report";

export async function measureUntilQuiet(
  measure: (rerun: number, reasons: readonly string[]) => Promise<EvaluationReport>,
  maxReruns: number,
  log: (line: string) => void = () => {},
): Promise<EvaluationReport> {
  let report = await measure(0, []);
  let reruns = 0;
  while (report.noisy && reruns < maxReruns) {
    reruns += 1;
    log(`re-measuring (${reruns} of at most ${maxReruns}): ${report.noisyReasons.join("; ")}`);
    report = await measure(reruns, report.noisyReasons);
  }
  return { ...report, reruns };
}
