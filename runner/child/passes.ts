/**
 * The three measured passes (docs/methodology.md explains each choice):
 * - accuracy: the whole test set once, batched, for the task's metrics;
 * - latency: single-stream like MLPerf's SingleStream scenario: batch 1, one query after another, after a
 *   warm-up, until both a minimum number of queries and a minimum duration are reached;
 * - throughput: offline, the profile's batch size, cycling through the test set for a minimum duration.
 */
import type { ChildJob, ChildMessage, PassName } from "../child-protocol";
import type { BatchRunner } from "./run-batch";

type Emit = (message: ChildMessage) => void;

interface PassContext {
  runBatch: BatchRunner;
  job: ChildJob;
  emit: Emit;
}

async function timedPass<T>(context: PassContext, pass: PassName, repeat: number, work: () => Promise<{ inferences: number; value: T }>) {
  context.emit({ type: "pass-start", pass, repeat });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { inferences, value } = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  context.emit({ type: "pass-end", pass, repeat, wallMs, cpuMicros: cpu.user + cpu.system, inferences });
  return value;
}

export async function accuracyPass(context: PassContext): Promise<number[]> {
  const { examples, settings } = context.job;
  return timedPass(context, "accuracy", 0, async () => {
    const predicted: number[] = [];
    let lastReport = 0;
    for (let start = 0; start < examples.length; start += settings.batchSize) {
      const batch = examples.slice(start, start + settings.batchSize);
      const result = await context.runBatch(batch);
      predicted.push(...result.predicted);
      const fraction = predicted.length / examples.length;
      if (fraction - lastReport >= 0.05 || fraction === 1) {
        lastReport = fraction;
        context.emit({ type: "progress", phase: "accuracy", fraction });
      }
    }
    return { inferences: examples.length, value: predicted };
  });
}

export async function latencyPass(context: PassContext, repeat: number): Promise<void> {
  const { settings } = context.job;
  const examples = context.job.examples.slice(0, settings.measuredExamples);
  for (let i = 0; i < settings.warmupQueries; i += 1) {
    await context.runBatch([examples[i % examples.length]!]);
  }
  const totalMs: number[] = [];
  const tokenizeMs: number[] = [];
  const postprocessMs: number[] = [];
  await timedPass(context, "latency", repeat, async () => {
    const started = performance.now();
    let lastReport = 0;
    while (totalMs.length < settings.minQueries || performance.now() - started < settings.minDurationMs) {
      const example = examples[totalMs.length % examples.length]!;
      // Timed inside the batch runner, text in to predicted index out (see BatchTiming.totalMs): tokenization included.
      const { timing } = await context.runBatch([example]);
      totalMs.push(timing.totalMs);
      tokenizeMs.push(timing.tokenizeMs);
      postprocessMs.push(timing.postprocessMs);
      const fraction = Math.min(totalMs.length / settings.minQueries, (performance.now() - started) / settings.minDurationMs, 1);
      if (fraction - lastReport >= 0.1) {
        lastReport = fraction;
        context.emit({ type: "progress", phase: "latency", fraction, repeat });
      }
    }
    return { inferences: totalMs.length, value: undefined };
  });
  context.emit({ type: "latency", repeat, totalMs, tokenizeMs, postprocessMs });
}

export async function throughputPass(context: PassContext, repeat: number): Promise<void> {
  const { settings } = context.job;
  const examples = context.job.examples.slice(0, settings.measuredExamples);
  let done = 0;
  const wallMs = await timedPass(context, "throughput", repeat, async () => {
    const started = performance.now();
    let cursor = 0;
    // At least one full sweep of the test set, and at least the minimum duration.
    while (done < examples.length || performance.now() - started < settings.throughputMinDurationMs) {
      const batch: string[][] = [];
      for (let i = 0; i < settings.batchSize; i += 1) batch.push(examples[(cursor + i) % examples.length]!);
      cursor = (cursor + settings.batchSize) % examples.length;
      await context.runBatch(batch);
      done += batch.length;
    }
    return { inferences: done, value: performance.now() - started };
  });
  context.emit({ type: "throughput", repeat, examples: done, wallMs });
}
