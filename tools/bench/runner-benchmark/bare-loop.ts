/**
 * The physical limit the runner is compared with: one plain node process (no sandbox, no runner, no messages),
 * pinned by its parent to the same core, that loads the same graph with the same onnxruntime session options
 * (1 intra-op thread, sequential, all graph optimisations) and runs the same tokenizer code — the loop a careful
 * engineer would write by hand, in the spirit of onnxruntime's onnxruntime_perf_test, plus the tokenization a
 * user pays for (bare-query.ts).
 *
 * Modes:
 * - "latency": the runner's single-stream protocol (warm-up, then batch-1 queries until both minQueries and
 *   minDurationMs, `repeats` times);
 * - "accuracy": load, then one batched sweep over the examples, as the runner's accuracy pass does;
 * - "paired": the runner child's own query code (runner/child/run-batch.ts) and the bare query in this one
 *   process, in alternating sweeps over the examples: what the child's code costs, with the sandbox, the
 *   process and most of a shared host's noise taken out of the comparison.
 * Bundled by esbuild (bare-runner.ts) and run as `taskset --cpu-list N node bare-loop.mjs job.json`; prints one
 * JSON object on stdout.
 */
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { medianConfidenceRanks, percentile, summarizeLatencies } from "../../../lib/statistics/sample-statistics";
import { createTextEncoder, parseTokenizerJson } from "../../../lib/tokenize/text-encoder";
import type { ChildJob } from "../../../runner/child-protocol";
import { createBatchEncoder } from "../../../runner/child/batch-encoder";
import { createBatchRunner } from "../../../runner/child/run-batch";
import { createBareQuery, type BareQuery, type BareQuerySettings } from "./bare-query";

export interface BareJob extends BareQuerySettings {
  mode: "latency" | "accuracy" | "paired";
  modelPath: string;
  tokenizerJsonText: string;
  maxLength: number;
  examples: string[];
  intraOpThreads: number;
  batchSize: number;
  warmupQueries: number;
  minQueries: number;
  minDurationMs: number;
  repeats: number;
}

export interface BareLatencyRepeat {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  tokenizeP50Ms: number;
  sessionRunP50Ms: number;
}

export interface PairedComparison {
  sweeps: number;
  bareP50Ms: number;
  childP50Ms: number;
  /** Median over sweep pairs of (child sweep p50 − bare sweep p50), in microseconds. */
  childOverheadUs: number;
  /** Its distribution-free 95% interval (order statistics of the sweep differences, as for a latency median). */
  childOverheadCiUs: [number, number];
  ratio: number;
}

export interface BareResult {
  mode: BareJob["mode"];
  /** Session creation, and tokenizer.json parsing. */
  loadMs: number;
  encoderMs: number;
  accuracyPassMs: number | null;
  predictedCount: number | null;
  latency: BareLatencyRepeat[];
  paired: PairedComparison | null;
}

async function main(): Promise<BareResult> {
  const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as BareJob;
  ort.env.logLevel = "error";
  const loadStarted = performance.now();
  const session = await ort.InferenceSession.create(job.modelPath, {
    executionProviders: ["cpu"],
    intraOpNumThreads: job.intraOpThreads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    logSeverityLevel: 3,
  });
  const loadMs = performance.now() - loadStarted;
  const encoderStarted = performance.now();
  const encoder = createTextEncoder(parseTokenizerJson(job.tokenizerJsonText), { maxLength: job.maxLength });
  const encoderMs = performance.now() - encoderStarted;
  const query = createBareQuery(session, ort.Tensor, encoder, job);

  const result: BareResult = {
    mode: job.mode,
    loadMs,
    encoderMs,
    accuracyPassMs: null,
    predictedCount: null,
    latency: [],
    paired: null,
  };
  if (job.mode === "accuracy") {
    const started = performance.now();
    let predictedCount = 0;
    for (let start = 0; start < job.examples.length; start += job.batchSize) {
      predictedCount += (await query(job.examples.slice(start, start + job.batchSize))).predicted.length;
    }
    result.accuracyPassMs = performance.now() - started;
    result.predictedCount = predictedCount;
  } else if (job.mode === "latency") {
    for (let repeat = 0; repeat < job.repeats; repeat += 1) result.latency.push(await latencyRepeat(job, query));
  } else {
    result.paired = await pairedComparison(job, session, query);
  }
  return result;
}

async function latencyRepeat(job: BareJob, query: BareQuery): Promise<BareLatencyRepeat> {
  for (let i = 0; i < job.warmupQueries; i += 1) await query([job.examples[i % job.examples.length]!]);
  const totalMs: number[] = [];
  const tokenizeMs: number[] = [];
  const runMs: number[] = [];
  const started = performance.now();
  while (totalMs.length < job.minQueries || performance.now() - started < job.minDurationMs) {
    const { timing } = await query([job.examples[totalMs.length % job.examples.length]!]);
    totalMs.push(timing.totalMs);
    tokenizeMs.push(timing.tokenizeMs);
    runMs.push(timing.runMs);
  }
  const summary = summarizeLatencies(totalMs);
  return {
    count: summary.count,
    p50Ms: summary.p50,
    p90Ms: summary.p90,
    p99Ms: summary.p99,
    meanMs: summary.mean,
    tokenizeP50Ms: percentile(tokenizeMs, 50),
    sessionRunP50Ms: percentile(runMs, 50),
  };
}

async function pairedComparison(
  job: BareJob,
  session: ort.InferenceSession,
  bareQuery: BareQuery,
): Promise<PairedComparison> {
  const childJob = {
    inputs: Object.fromEntries(
      Object.entries(job.inputs).map(([name, role]) => [name, { role, dtype: "int64", rank: 2 }]),
    ),
    output: { name: job.outputName, scores: "logits", labelCount: job.labelCount },
  } as ChildJob;
  const childEncoder = createBatchEncoder({
    jsonText: job.tokenizerJsonText,
    maxLength: job.maxLength,
    padTokenId: job.padTokenId,
  });
  const childRunBatch = createBatchRunner(session, ort.Tensor, childJob, childEncoder);
  const variants = {
    bare: async (text: string) => (await bareQuery([text])).timing.totalMs,
    child: async (text: string) => (await childRunBatch([[text]])).timing.totalMs,
  };
  for (let i = 0; i < job.warmupQueries; i += 1) {
    await variants.bare(job.examples[i % job.examples.length]!);
    await variants.child(job.examples[i % job.examples.length]!);
  }
  const all = { bare: [] as number[], child: [] as number[] };
  const sweepP50 = { bare: [] as number[], child: [] as number[] };
  const started = performance.now();
  // Whole sweeps, so each side sees every example once per sweep; the order flips every sweep (ABBA).
  for (let sweep = 0; sweep < 2 || performance.now() - started < job.minDurationMs; sweep += 1) {
    for (const name of sweep % 2 === 0 ? (["bare", "child"] as const) : (["child", "bare"] as const)) {
      const times: number[] = [];
      for (const text of job.examples) times.push(await variants[name](text));
      all[name].push(...times);
      sweepP50[name].push(percentile(times, 50));
    }
  }
  const bareP50Ms = percentile(all.bare, 50);
  const childP50Ms = percentile(all.child, 50);
  const differences = sweepP50.child
    .map((child, index) => (child - sweepP50.bare[index]!) * 1000)
    .sort((a, b) => a - b);
  const ranks = medianConfidenceRanks(differences.length);
  return {
    sweeps: sweepP50.bare.length,
    bareP50Ms,
    childP50Ms,
    childOverheadUs: percentile(differences, 50),
    childOverheadCiUs: [differences[ranks.lower - 1]!, differences[ranks.upper - 1]!],
    ratio: childP50Ms / bareP50Ms,
  };
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
