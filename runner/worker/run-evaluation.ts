/**
 * Runs one claimed evaluation to its end: loads what it needs, runs evaluateModel (the same code as
 * `npx joulebench evaluate`) with its progress written as it goes, and records the outcome:
 * - the report: results and "finished" (record-outcome.ts);
 * - the model's fault: "failed" with the error's code and message, no retry;
 * - a runner fault: back to the queue for another runner while retries are left (release.ts), else "failed".
 * Internal errors are logged here in full and stored only as the generic INTERNAL message (describeFailure).
 */
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { evaluateModel } from "../evaluate/evaluate-model";
import type { MeasurementProtocol } from "../evaluate/measurement-protocol";
import type { ClaimedEvaluation } from "./claim";
import { classifyFailure } from "./failure-kind";
import { loadJobContext } from "./job-context";
import { ProgressWriter } from "./progress-writer";
import { recordFailed, recordFinished, type Outcome } from "./record-outcome";
import { releaseEvaluation, type ReleaseOutcome } from "./release";

export interface EvaluationSettings {
  datasetsRoot: string;
  storageRoot: string;
  childBundleDir: string;
  protocol: Partial<MeasurementProtocol>;
  sandbox: boolean;
  progressIntervalMs?: number;
}

export async function runEvaluation(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  claim: ClaimedEvaluation,
  settings: EvaluationSettings,
  log: (line: string) => void,
): Promise<Outcome | ReleaseOutcome> {
  const { evaluationId, attempt } = claim;
  const progress = new ProgressWriter(db, { evaluationId, attempt, runnerId, initialStage: "validating", minIntervalMs: settings.progressIntervalMs, log });
  try {
    const context = await loadJobContext(db, evaluationId, settings.storageRoot);
    const report = await evaluateModel({
      bundlePath: context.bundlePath,
      task: context.task,
      datasetsRoot: settings.datasetsRoot,
      profile: context.profile,
      publicPrivateSplit: context.publicPrivateSplit,
      protocol: settings.protocol,
      sandbox: settings.sandbox,
      childBundleDir: settings.childBundleDir,
      onProgress: progress.update,
      // A cancelled (or taken-over) evaluation stops its child within one progress write, not at its end.
      signal: progress.signal,
    });
    await progress.flush();
    const outcome = await recordFinished(db, boss, runnerId, claim, context.submissionId, report);
    log(`${outcome === "finished" ? "finished" : "discarded (superseded)"} evaluation ${evaluationId} attempt ${attempt}`);
    return outcome;
  } catch (error) {
    await progress.flush();
    const failure = classifyFailure(error);
    if (failure.code === "INTERNAL") log(`evaluation ${evaluationId} failed internally: ${(error as Error)?.stack ?? String(error)}`);
    if (failure.kind === "model") {
      const outcome = await recordFailed(db, boss, runnerId, claim, failure);
      log(`${outcome === "failed" ? "failed" : "discarded (superseded)"} evaluation ${evaluationId} attempt ${attempt}: ${failure.code}`);
      return outcome;
    }
    const outcome = await releaseEvaluation(db, boss, {
      evaluationId,
      attempt,
      actingRunnerId: runnerId,
      reason: `runner ${runnerId} could not evaluate it (${failure.code}); retrying`,
      giveUp: failure,
    });
    log(`evaluation ${evaluationId} attempt ${attempt} hit a runner problem (${failure.code}): ${outcome}`);
    return outcome;
  }
}
