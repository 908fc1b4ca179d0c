/**
 * The runner's side of the evaluation queue (lib/queue/evaluation-queue.ts owns the queue: its names, its job
 * options, and the pg-boss instance of each process). One queue per hardware profile (`evaluate.<profile>`), so
 * a runner only ever claims work for hardware it has, and runners on many machines share one database.
 *
 * One job at a time per runner, across all its profiles, not one per profile: every profile pins its
 * measurement to the first cores of the host (evaluate-model.ts), and RAPL counts the energy of the whole
 * CPU package, so two measurements at once on one host would share cores and each other's joules. Hence a
 * plain loop (JobLoop) that fetches one job only when it is idle, rather than pg-boss's work(), which would
 * poll every queue on its own and hold a fetched job active while it waited for a local lock. The loop also
 * leaves the job's fate to us: it is completed in the same transaction as the evaluation's outcome
 * (runner/worker/record-outcome.ts), never automatically when a handler returns, which would complete a job
 * that another runner had taken over in the meantime.
 */
import type PgBoss from "pg-boss";
import { evaluationQueueName, startEvaluationQueue } from "../lib/queue/evaluation-queue";
import type { ClaimedEvaluation, ClaimOutcome } from "./worker/claim";

export { evaluationQueueName, type EvaluationJobData } from "../lib/queue/evaluation-queue";

export function startQueue(databaseUrl: string, onError: (error: Error) => void): Promise<PgBoss> {
  return startEvaluationQueue(databaseUrl, "runner", onError);
}

export async function createEvaluationQueues(boss: PgBoss, profiles: readonly string[]): Promise<void> {
  for (const profile of profiles) {
    // createQueue is idempotent in pg-boss 10 (insert ... on conflict do nothing).
    await boss.createQueue(evaluationQueueName(profile));
  }
}

export interface JobLoopOptions {
  /** Fetches and claims the next job, if any (runner/worker/claim.ts). */
  claimNext: () => Promise<ClaimOutcome>;
  run: (claim: ClaimedEvaluation) => Promise<void>;
  /** How long an idle runner waits before it looks again. */
  pollIntervalMs: number;
  log: (line: string) => void;
}

export class JobLoop {
  private stopping = false;
  private running: ClaimedEvaluation | undefined;
  private wake: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly options: JobLoopOptions) {}

  start(): void {
    this.done ??= this.loop();
  }

  /** Looks for work now if the loop is idle (an evaluation was just queued); does nothing while it measures. */
  nudge(): void {
    this.wake?.();
  }

  /** The evaluation being measured now, if any. */
  get current(): ClaimedEvaluation | undefined {
    return this.running;
  }

  /**
   * Claims nothing more and waits up to `timeoutMs` for the evaluation under way; returns it if it is still
   * running then (the caller gives it back to the queue).
   */
  async stop(timeoutMs: number): Promise<ClaimedEvaluation | undefined> {
    this.stopping = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.done ?? Promise.resolve(), timeout]);
    clearTimeout(timer);
    return this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let outcome: ClaimOutcome;
      try {
        outcome = await this.options.claimNext();
      } catch (error) {
        this.options.log(`claiming a job failed: ${(error as Error).message}`);
        outcome = { kind: "none" };
      }
      if (outcome.kind === "skipped") {
        this.options.log(`completed job ${outcome.jobId} without work: ${outcome.reason}`);
        continue;
      }
      if (outcome.kind === "claimed") {
        this.running = outcome.claim;
        try {
          await this.options.run(outcome.claim);
        } catch (error) {
          this.options.log(
            `evaluation ${outcome.claim.evaluationId} ended with an error: ${(error as Error).stack ?? String(error)}`,
          );
        } finally {
          this.running = undefined;
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
