/**
 * Runs one claimed evaluation to its end: loads what it needs, runs evaluateModel (the same code as
 * `npx joulebench evaluate`) with its progress written as it goes, and records the outcome:
 * - the report: results and "finished" (record-outcome.ts);
 * - the model's fault: "failed" with the error's code and message, no retry;
 * - a runner fault: back to the queue for another runner while retries are left (release.ts), else "failed".
 * Internal errors are logged here in full and stored only as the generic INTERNAL message (describeFailure).
 */
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import type { ArtifactStore } from "../../lib/storage/artifact-store";
import { LocalArtifactStore } from "../../lib/storage/local-store";
import { evaluateBenchmark } from "../evaluate/evaluate-benchmark";
import { evaluateModel } from "../evaluate/evaluate-model";
import { measurementProtocol, type MeasurementProtocol } from "../evaluate/measurement-protocol";
import type { ClaimedEvaluation } from "./claim";
import { classifyFailure } from "./failure-kind";
import { openJobFolder, removeJobFolder } from "./fetch-artifacts";
import { loadJobContext } from "./job-context";
import { announceOutcome, type OutcomeMailSettings } from "./announce-outcome";
import { ProgressWriter } from "./progress-writer";
import { recordFailed, recordFinished, type Outcome } from "./record-outcome";
import { releaseEvaluation, type ReleaseOutcome } from "./release";
import { protocolForTrack } from "./track-protocol";
import { measureUntilQuiet } from "./rerun-noisy";

export interface EvaluationSettings {
  datasetsRoot: string;
  storageRoot: string;
  /** Where bundles and uploaded task data are fetched from; the local folder at storageRoot when unset. */
  artifactStore?: ArtifactStore;
  /** Where each job's fetched files are kept while it runs (removed after); a folder under the system temp when unset. */
  artifactCacheDir?: string;
  childBundleDir: string;
  protocol: Partial<MeasurementProtocol>;
  sandbox: boolean;
  progressIntervalMs?: number;
  /** Lock folder for the cores an evaluation is pinned to (core-allocation.ts); default beside childBundleDir. */
  coreLockDir?: string;
  /** Where the team's "evaluation ended" emails go out (announce-outcome.ts); none without an SMTP server. */
  mail?: OutcomeMailSettings;
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
  const progress = new ProgressWriter(db, {
    evaluationId,
    attempt,
    runnerId,
    initialStage: "validating",
    minIntervalMs: settings.progressIntervalMs,
    log,
  });
  let jobFolder: string | undefined;
  try {
    jobFolder = await openJobFolder(
      settings.artifactCacheDir ?? path.join(os.tmpdir(), "joulebench-jobs"),
      evaluationId,
      attempt,
    );
    const store = settings.artifactStore ?? new LocalArtifactStore(settings.storageRoot);
    const context = await loadJobContext(db, evaluationId, { store, jobFolder, datasetsRoot: settings.datasetsRoot });
    const shared = {
      profile: context.profile,
      protocol: protocolForTrack(settings.protocol, context.trackTimeLimitSeconds),
      sandbox: settings.sandbox,
      childBundleDir: settings.childBundleDir,
      coreLockDir: settings.coreLockDir ?? path.join(settings.childBundleDir, "..", "core-locks"),
      signal: progress.signal,
    };
    const maxReruns = measurementProtocol(settings.protocol).maxReruns;
    // A multi-task track: each task measured in turn, a noisy one re-measured on its own (evaluate-benchmark.ts).
    // Noisy or disturbed results are measured again here, in the same claim: the team's quota is not touched.
    const report = context.benchmarkTasks
      ? await evaluateBenchmark({
          ...shared,
          bundlePath: context.bundlePath,
          tasks: context.benchmarkTasks,
          maxReruns,
          onProgress: progress.update,
          log: (line) => log(`evaluation ${evaluationId}: ${line}`),
        })
      : await measureUntilQuiet(
          (rerun, reasons) => {
            if (rerun > 0) progress.beginRerun(rerun, maxReruns, reasons);
            return evaluateModel({
              ...shared,
              bundlePath: context.bundlePath,
              task: context.task,
              datasetsRoot: context.datasetsRoot,
              publicPrivateSplit: context.publicPrivateSplit,
              // A re-measure is labelled and kept in "measuring" by the writer (beginRerun above).
              onProgress: progress.update,
            });
          },
          maxReruns,
          (line) => log(`evaluation ${evaluationId}: ${line}`),
        );
    await progress.flush();
    const outcome = await recordFinished(db, boss, runnerId, claim, context.submissionId, report);
    log(
      `${outcome === "finished" ? "finished" : "discarded (superseded)"} evaluation ${evaluationId} attempt ${attempt}`,
    );
    if (outcome === "finished") void announceOutcome(db, evaluationId, settings.mail, log);
    return outcome;
  } catch (error) {
    await progress.flush();
    const failure = classifyFailure(error);
    if (failure.code === "INTERNAL")
      log(`evaluation ${evaluationId} failed internally: ${(error as Error)?.stack ?? String(error)}`);
    if (failure.kind === "model") {
      const outcome = await recordFailed(db, boss, runnerId, claim, failure);
      log(
        `${outcome === "failed" ? "failed" : "discarded (superseded)"} evaluation ${evaluationId} attempt ${attempt}: ${failure.code}`,
      );
      if (outcome === "failed") void announceOutcome(db, evaluationId, settings.mail, log);
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
    if (outcome === "gave-up") void announceOutcome(db, evaluationId, settings.mail, log);
    return outcome;
  } finally {
    // The fetched bundle and task data (hidden labels among them) never outlive their job.
    if (jobFolder)
      await removeJobFolder(jobFolder).catch((error: Error) => log(`could not remove ${jobFolder}: ${error.message}`));
  }
}
