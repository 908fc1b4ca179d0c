/**
 * The measured passes (docs/methodology.md explains each choice):
 * - accuracy: the whole test set once, batched, for the task's metrics;
 * - then `blocks` interleaved blocks, each of
 *   - idle: the model loaded and nothing running, so the runner can measure idle power in this same evaluation;
 *   - latency: single-stream like MLPerf's SingleStream scenario: batch 1, one query after another (after a warm-up
 *     before the first block), until the block's share of the minimum queries and duration is reached;
 *   - throughput: offline, the profile's batch size, continuing through the test set for the block's share of time.
 * The latency and throughput blocks keep their answers: the runner checks them against the accuracy pass's, so a
 * model cannot answer differently when it is timed one query at a time (MLPerf Inference compliance TEST01).
 */
import type { ChildJob, ChildMessage, PassName } from "../child-protocol";
import { interferenceSince, interferenceSnapshot } from "./interference";
import type { BatchRunner } from "./run-batch";

/** A latency block reports progress at least this often (one message a second costs the timed loop nothing measurable). */
const PROGRESS_REPORT_INTERVAL_MS = 1_000;

type Emit = (message: ChildMessage) => void;

export interface PassContext {
  runBatch: BatchRunner;
  job: ChildJob;
  emit: Emit;
}

async function timedPass<T>(
  context: PassContext,
  pass: PassName,
  block: number,
  work: () => Promise<{ inferences: number; value: T }>,
) {
  context.emit({ type: "pass-start", pass, block });
  const before = interferenceSnapshot();
  const started = performance.now();
  const { inferences, value } = await work();
  const wallMs = performance.now() - started;
  context.emit({ type: "pass-end", pass, block, wallMs, inferences, ...interferenceSince(before) });
  return value;
}

/** Predictions for every example, and the indices of the examples the tokenizer truncated. */
export async function accuracyPass(context: PassContext): Promise<{ predicted: number[]; truncated: number[] }> {
  const { examples, settings } = context.job;
  return timedPass(context, "accuracy", 0, async () => {
    const predicted: number[] = [];
    const truncated: number[] = [];
    let lastReport = 0;
    for (let start = 0; start < examples.length; start += settings.batchSize) {
      const batch = examples.slice(start, start + settings.batchSize);
      const result = await context.runBatch(batch);
      truncated.push(...result.truncatedRows.map((row) => start + row));
      predicted.push(...result.predicted);
      const fraction = predicted.length / examples.length;
      if (fraction - lastReport >= 0.05 || fraction === 1) {
        lastReport = fraction;
        context.emit({ type: "progress", phase: "accuracy", fraction });
      }
    }
    return { inferences: examples.length, value: { predicted, truncated } };
  });
}

/** Each block's share of the protocol's totals. */
export function blockBudget(settings: ChildJob["settings"]) {
  const blocks = settings.blocks;
  const latencyMs = settings.minDurationMs / blocks;
  const throughputMs = settings.throughputMinDurationMs / blocks;
  return {
    latencyQueries: Math.ceil(settings.minQueries / blocks),
    latencyMs,
    throughputMs,
    idleMs: settings.idleFraction * (latencyMs + throughputMs),
  };
}

export async function warmUp(context: PassContext): Promise<void> {
  const { settings } = context.job;
  for (let i = 0; i < settings.warmupQueries; i += 1) {
    await context.runBatch([context.job.examples[i % settings.measuredExamples]!]);
  }
}

/** Sleeps through the idle slice: nothing of ours runs, so what the meters read is the host with the model loaded. */
export async function idlePass(context: PassContext, block: number): Promise<void> {
  const { idleMs } = blockBudget(context.job.settings);
  // No idle slice asked for (idleFraction 0): no idle window, so net energy is missing rather than read off a 0 ms window.
  if (idleMs <= 0) return;
  await timedPass(context, "idle", block, async () => {
    // Slept in slices with a progress report after each: reports are where the runner learns of a cancellation,
    // and its watchdog takes a long silence for a stalled model.
    const started = performance.now();
    for (let elapsed = 0; elapsed < idleMs; elapsed = performance.now() - started) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(PROGRESS_REPORT_INTERVAL_MS, idleMs - elapsed)));
      context.emit({
        type: "progress",
        phase: "idle",
        fraction: Math.min((performance.now() - started) / idleMs, 1),
        block,
      });
    }
    return { inferences: 0, value: undefined };
  });
}

export async function latencyPass(context: PassContext, block: number, cursor: { next: number }): Promise<void> {
  const { settings } = context.job;
  const budget = blockBudget(settings);
  const totalMs: number[] = [];
  const tokenizeMs: number[] = [];
  const postprocessMs: number[] = [];
  const exampleIndex: number[] = [];
  const predicted: number[] = [];
  await timedPass(context, "latency", block, async () => {
    const started = performance.now();
    let lastReport = 0;
    let lastReportAt = started;
    while (totalMs.length < budget.latencyQueries || performance.now() - started < budget.latencyMs) {
      const index = cursor.next;
      cursor.next = (cursor.next + 1) % settings.measuredExamples;
      // Timed inside the batch runner, text in to predicted index out (see BatchTiming.totalMs): tokenization included.
      const result = await context.runBatch([context.job.examples[index]!]);
      totalMs.push(result.timing.totalMs);
      tokenizeMs.push(result.timing.tokenizeMs);
      postprocessMs.push(result.timing.postprocessMs);
      exampleIndex.push(index);
      predicted.push(result.predicted[0]!);
      // One clock read per query, outside the timed region, for both the fraction and the report interval.
      const now = performance.now();
      const fraction = Math.min(
        totalMs.length / budget.latencyQueries,
        budget.latencyMs > 0 ? (now - started) / budget.latencyMs : 1,
        1,
      );
      // Every quarter of the block, and at least every PROGRESS_REPORT_INTERVAL_MS: progress reports are where the
      // runner learns that an evaluation was cancelled, so a long block must not go quiet.
      if (fraction - lastReport >= 0.25 || now - lastReportAt >= PROGRESS_REPORT_INTERVAL_MS) {
        lastReport = fraction;
        lastReportAt = now;
        context.emit({ type: "progress", phase: "latency", fraction, block });
      }
    }
    return { inferences: totalMs.length, value: undefined };
  });
  context.emit({ type: "latency", block, totalMs, tokenizeMs, postprocessMs, exampleIndex, predicted });
}

export async function throughputPass(context: PassContext, block: number, cursor: { next: number }): Promise<void> {
  const { settings } = context.job;
  const { throughputMs } = blockBudget(settings);
  const measured = settings.measuredExamples;
  const firstExample = cursor.next;
  const predicted: number[] = [];
  const wallMs = await timedPass(context, "throughput", block, async () => {
    const started = performance.now();
    // At least one batch, and at least the block's share of the time.
    do {
      const batch: string[][] = [];
      for (let i = 0; i < settings.batchSize; i += 1) batch.push(context.job.examples[(cursor.next + i) % measured]!);
      cursor.next = (cursor.next + settings.batchSize) % measured;
      const result = await context.runBatch(batch);
      for (const answer of result.predicted) predicted.push(answer);
    } while (performance.now() - started < throughputMs);
    return { inferences: predicted.length, value: performance.now() - started };
  });
  context.emit({ type: "throughput", block, examples: predicted.length, wallMs, firstExample, predicted });
}
