/**
 * Writes a running evaluation's state and progress as evaluateModel reports them. A new stage is written at
 * once, with its event (the timeline must show every state); the fraction done in between at most every
 * `minIntervalMs`, since the child reports many times a second and the site polls far less often. Writes go
 * one after another, in order, and never fail the evaluation: a lost progress update costs nothing.
 *
 * Every write is fenced by the attempt (lib/data/evaluations.ts). The first refused write means another runner
 * holds the evaluation now (this one was presumed dead); the writer then stops and says so, and the runner's
 * finish will be refused as well.
 */
import { and, eq, notInArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { evaluations } from "../../db/schema";
import { recordStateChange, TERMINAL_EVALUATION_STATES } from "../../lib/data/evaluations";
import type { EvaluationStage } from "../evaluate/evaluate-model";

// Two writes a second: smooth enough for a progress bar, negligible for the database with many runners.
const DEFAULT_MIN_INTERVAL_MS = 500;

export interface ProgressWriterOptions {
  evaluationId: string;
  attempt: number;
  runnerId: string;
  /** The state the claim already wrote. */
  initialStage: EvaluationStage;
  minIntervalMs?: number;
  log: (line: string) => void;
}

export class ProgressWriter {
  private stage: EvaluationStage;
  // The claim has just written state and progress.
  private lastWriteAt = performance.now();
  private chain: Promise<void> = Promise.resolve();
  private superseded = false;
  private writes = 0;
  private readonly stopMeasuring = new AbortController();
  /** Aborted as soon as a write is refused: the evaluation was cancelled or another runner holds it now. */
  readonly signal = this.stopMeasuring.signal;

  constructor(
    private readonly db: Database,
    private readonly options: ProgressWriterOptions,
  ) {
    this.stage = options.initialStage;
  }

  /** evaluateModel's onProgress. */
  readonly update = (progress: { stage: EvaluationStage; fraction: number; detail?: string }): void => {
    if (this.superseded) return;
    const now = performance.now();
    if (progress.stage !== this.stage) {
      this.stage = progress.stage;
      this.lastWriteAt = now;
      this.enqueue(() => this.writeState(progress.stage, progress.fraction, progress.detail));
      return;
    }
    if (now - this.lastWriteAt < (this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS)) return;
    this.lastWriteAt = now;
    this.enqueue(() => this.writeProgress(progress.fraction));
  };

  /** Waits for the writes under way; true while this runner still holds the evaluation. */
  async flush(): Promise<boolean> {
    await this.chain;
    return !this.superseded;
  }

  /** Number of database writes made (for tests of the throttle). */
  get writeCount(): number {
    return this.writes;
  }

  private enqueue(write: () => Promise<boolean>): void {
    this.chain = this.chain.then(async () => {
      if (this.superseded) return;
      try {
        this.writes += 1;
        if (!(await write())) {
          this.superseded = true;
          this.stopMeasuring.abort();
          this.options.log(`evaluation ${this.options.evaluationId} attempt ${this.options.attempt} is no longer ours; its outcome will be discarded`);
        }
      } catch (error) {
        this.options.log(`progress of evaluation ${this.options.evaluationId} not written: ${(error as Error).message}`);
      }
    });
  }

  private writeState(stage: EvaluationStage, fraction: number, detail?: string): Promise<boolean> {
    const { evaluationId, attempt, runnerId } = this.options;
    return recordStateChange(this.db, { evaluationId, attempt, runnerId, heldBy: runnerId, state: stage, progress: fraction, message: detail });
  }

  private async writeProgress(fraction: number): Promise<boolean> {
    const { evaluationId, attempt, runnerId } = this.options;
    const updated = await this.db
      .update(evaluations)
      .set({ progress: fraction })
      .where(
        and(
          eq(evaluations.id, evaluationId),
          eq(evaluations.attempts, attempt),
          eq(evaluations.runnerId, runnerId),
          notInArray(evaluations.state, TERMINAL_EVALUATION_STATES),
        ),
      )
      .returning({ id: evaluations.id });
    return updated.length > 0;
  }
}
