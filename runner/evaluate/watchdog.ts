/**
 * Stops a run that has stopped making progress, long before the whole run's limit (measurement-protocol.ts,
 * timeoutMs) would: a graph whose Loop never ends otherwise holds a runner, and the queue behind it, for 30
 * minutes. It follows the child's messages and allows, in turn:
 * - `modelLoadTimeoutMs` from the start until the child reports the model loaded ("ready");
 * - `firstBatchTimeoutMs` from then until the first batch of the accuracy pass is answered (the child's first
 *   "heartbeat", sent after its first batch);
 * - `stallTimeoutMs` between any two messages after that: the child sends a heartbeat after a batch at most once
 *   a second, so a silence that long means no batch finished.
 * Why a per-batch bound cannot stop a model that could have finished: the accuracy pass alone answers every
 * evaluation example in batches of the profile's size; a model that needs minutes for one batch needs hours for
 * the pass (SST-2's 4,821 evaluation examples are 151 batches of 32), far past the run's limit anyway.
 */

export interface WatchdogBounds {
  modelLoadTimeoutMs: number;
  firstBatchTimeoutMs: number;
  stallTimeoutMs: number;
}

export interface Stall {
  /** What the child was doing, for the team's message: "loading the model", "the latency pass (block 3)". */
  stage: string;
  boundMs: number;
}

/** The fields of a child message the watchdog reads; any message counts as a sign of life. */
interface ObservedMessage {
  type: string;
  pass?: string;
  phase?: string;
  block?: number;
  repeat?: number;
}

export class ProgressWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private phase: "loading" | "first-batch" | "running" = "loading";
  private stage = "loading the model";
  private stopped = false;

  constructor(
    private readonly bounds: WatchdogBounds,
    private readonly onStall: (stall: Stall) => void,
  ) {}

  start(): void {
    this.arm(this.bounds.modelLoadTimeoutMs);
  }

  observe(message: ObservedMessage): void {
    if (this.stopped) return;
    if (this.phase === "loading") {
      if (message.type !== "ready") return; // the load bound keeps running until the model is loaded
      this.phase = "first-batch";
      this.stage = "the first batch of the accuracy pass";
      this.arm(this.bounds.firstBatchTimeoutMs);
      return;
    }
    if (this.phase === "first-batch") {
      if (message.type !== "heartbeat" && !(message.type === "progress" && message.phase === "accuracy")) return;
      this.phase = "running";
      this.stage = "the accuracy pass";
    }
    if (message.type === "pass-start" && message.pass)
      this.stage = describePass(message.pass, message.block ?? message.repeat);
    else if (message.type === "pass-end" && message.pass)
      this.stage = `the step after ${describePass(message.pass, message.block ?? message.repeat)}`;
    // Between the accuracy pass and the first timed pass, the child warms up with single-example queries.
    if (message.type === "predictions") this.stage = "the warm-up queries before the timed passes";
    this.arm(this.bounds.stallTimeoutMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(boundMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.stopped = true;
      this.onStall({ stage: this.stage, boundMs });
    }, boundMs);
  }
}

function describePass(pass: string, block: number | undefined): string {
  const name = pass === "throughput" ? "offline throughput" : pass;
  return block ? `the ${name} pass (block ${block})` : `the ${name} pass`;
}

export function stallMessage(stall: Stall): string {
  const seconds =
    stall.boundMs >= 10_000 ? Math.round(stall.boundMs / 1000) : Number((stall.boundMs / 1000).toFixed(1));
  return (
    `The model made no progress for ${seconds} s in ${stall.stage} and was stopped (the measurement protocol's ` +
    `limit for that stage). A graph whose loop never ends, or one batch that takes this long, cannot finish an evaluation.`
  );
}
