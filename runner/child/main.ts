/**
 * Entry point of the measurement child. It runs inside the sandbox (runner/sandbox/) with an empty environment,
 * reads its job from the path given as the first argument (or /job/job.json), and reports on stdout.
 * Bundled into one file by runner/child-bundle.ts, because the sandbox holds no repository and no TypeScript.
 */
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { hostFingerprint } from "../measure/host-fingerprint";
import type { ChildJob, ChildMessage } from "../child-protocol";
import { createBatchEncoder } from "./batch-encoder";
import { accuracyPass, idlePass, latencyPass, throughputPass, warmUp } from "./passes";
import { withHeartbeat } from "./heartbeat";
import { ChildFailure, createBatchRunner } from "./run-batch";

function emit(message: ChildMessage) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2] ?? "/job/job.json", "utf8")) as ChildJob;
  ort.env.logLevel = "error";
  const loadStarted = performance.now();
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(job.modelPath, {
      executionProviders: [job.settings.executionProvider],
      intraOpNumThreads: job.settings.intraOpThreads,
      interOpNumThreads: job.settings.interOpThreads,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
      // onnxruntime's session config key "session.intra_op.allow_spinning" (onnxruntime_session_options_config_keys.h):
      // whether idle intra-op threads spin-wait for the next piece of work. The profile decides (docs/methodology.md).
      extra: { session: { intra_op: { allow_spinning: job.settings.allowSpinning ? "1" : "0" } } },
    });
  } catch (error) {
    throw new ChildFailure("MODEL_LOAD_FAILED", `onnxruntime could not load the model: ${firstLine(error)}`);
  }
  emit({
    type: "ready",
    loadMs: performance.now() - loadStarted,
    graphInputs: [...session.inputNames],
    graphOutputs: [...session.outputNames],
  });
  // The host as the model's process sees it (its affinity mask, inside the sandbox), not as the runner does.
  emit({ type: "host", host: hostFingerprint({ onnxruntimeVersion: ort.env.versions?.node ?? "unknown" }) });

  const encoder = job.tokenizer ? createBatchEncoder(job.tokenizer) : null;
  const context = { runBatch: withHeartbeat(createBatchRunner(session, ort.Tensor, job, encoder), emit), job, emit };
  const { predicted, truncated } = await accuracyPass(context);
  emit({ type: "predictions", predicted, truncated });
  await warmUp(context);
  // Latency and throughput each walk the test set from where their previous block stopped.
  const latencyCursor = { next: 0 };
  const throughputCursor = { next: 0 };
  for (let block = 1; block <= job.settings.blocks; block += 1) {
    await idlePass(context, block);
    await latencyPass(context, block, latencyCursor);
    await throughputPass(context, block, throughputCursor);
  }
  emit({ type: "done", peakRssBytes: process.resourceUsage().maxRSS * 1024 });
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .slice(0, 500);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const code = error instanceof ChildFailure ? error.code : "INFERENCE_FAILED";
    emit({ type: "error", code, message: firstLine(error) });
    process.exit(1);
  },
);
