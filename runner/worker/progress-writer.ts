/**
 * Writes a running evaluation's state and progress as evaluateModel reports them. A new stage is written at
 * once, with its event (the timeline must show every state); the fraction done in between at most every
 * `minIntervalMs`, since the child reports many times a second and the site polls far less often. Writes go
 * one after another, in order, and never fail the evaluation: a lost progress update costs nothing.
 *
 * The bar never goes back within an attempt: the fraction written is never below one written before. A re-measure
 * (runner/worker/rerun-noisy.ts) is announced on the timeline with its reason, and its own progress fills what is
 * left of the bar rather than starting it over.
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
  /** The highest fraction reported so far in this attempt: what the bar shows at least. */
  private shownFraction = 0;
  /** From a re-measure on, its fraction f is shown as base + (1 - base) * f. */
  private rerunBase: number | null = null;
  private rerunLabel = "";
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
    const fraction = this.monotonic(progress.fraction);
    const detail =
      this.rerunBase === null ? progress.detail : `${this.rerunLabel}: ${progress.detail ?? progress.stage}`;
    // A re-measure stays in "measuring": the timeline does not go back to validating.
    const stage = this.rerunBase === null ? progress.stage : "measuring";
    const now = performance.now();
    if (stage !== this.stage) {
      this.stage = stage;
      this.lastWriteAt = now;
      this.enqueue(() => this.writeState(stage, fraction, detail, detail));
      return;
    }
    if (now - this.lastWriteAt < (this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS)) return;
    this.lastWriteAt = now;
    this.enqueue(() => this.writeProgress(fraction, detail));
  };

  /**
   * A re-measure begins: said on the timeline with why, and from here on its progress fills the rest of the bar.
   * `rerun` counts from 1.
   */
  beginRerun(rerun: number, maxReruns: number, reasons: readonly string[]): void {
    if (this.superseded) return;
    this.rerunBase = this.shownFraction;
    this.rerunLabel = `re-measuring (${rerun} of at most ${maxReruns})`;
    const why = reasons.length > 0 ? reasons.join("; ") : "the measurement was disturbed";
    this.stage = "measuring";
    this.lastWriteAt = performance.now();
    const fraction = this.shownFraction;
    this.enqueue(() =>
      this.writeState("measuring", fraction, `${this.rerunLabel} because ${why}`, `${this.rerunLabel}: starting`),
    );
  }

  private monotonic(reported: number): number {
    const mapped = this.rerunBase === null ? reported : this.rerunBase + (1 - this.rerunBase) * reported;
    this.shownFraction = Math.max(this.shownFraction, Math.min(1, mapped));
    return this.shownFraction;
  }

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
          this.options.log(
            `evaluation ${this.options.evaluationId} attempt ${this.options.attempt} is no longer ours; its outcome will be discarded`,
          );
        }
      } catch (error) {
        this.options.log(
          `progress of evaluation ${this.options.evaluationId} not written: ${(error as Error).message}`,
        );
      }
    });
  }

  private writeState(
    stage: EvaluationStage,
    fraction: number,
    message: string | undefined,
    detail: string | undefined,
  ): Promise<boolean> {
    const { evaluationId, attempt, runnerId } = this.options;
    return recordStateChange(this.db, {
      evaluationId,
      attempt,
      runnerId,
      heldBy: runnerId,
      state: stage,
      progress: fraction,
      progressDetail: detail ?? null,
      message,
    });
  }

  private async writeProgress(fraction: number, detail: string | undefined): Promise<boolean> {
    const { evaluationId, attempt, runnerId } = this.options;
    const updated = await this.db
      .update(evaluations)
      .set({ progress: fraction, progressDetail: detail ?? null })
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
