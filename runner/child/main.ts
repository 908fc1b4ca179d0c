/**
 * Entry point of the measurement child. It runs inside the sandbox (runner/sandbox/) with an empty environment,
 * reads its job from the path given as the first argument (or /job/job.json), and reports on stdout.
 * Bundled into one file by runner/child-bundle.ts, because the sandbox holds no repository and no TypeScript.
 */
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import type { ChildJob, ChildMessage } from "../child-protocol";
import { createBatchEncoder } from "./batch-encoder";
import { accuracyPass, latencyPass, throughputPass } from "./passes";
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
    });
  } catch (error) {
    throw new ChildFailure("MODEL_LOAD_FAILED", `onnxruntime could not load the model: ${firstLine(error)}`);
  }
  emit({ type: "ready", loadMs: performance.now() - loadStarted, graphInputs: [...session.inputNames], graphOutputs: [...session.outputNames] });

  const encoder = job.tokenizer ? createBatchEncoder(job.tokenizer) : null;
  const context = { runBatch: withHeartbeat(createBatchRunner(session, ort.Tensor, job, encoder), emit), job, emit };
  const predicted = await accuracyPass(context);
  emit({ type: "predictions", predicted });
  for (let repeat = 1; repeat <= job.settings.repeats; repeat += 1) {
    await latencyPass(context, repeat);
    await throughputPass(context, repeat);
  }
  emit({ type: "done", peakRssBytes: process.resourceUsage().maxRSS * 1024 });
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0]!.slice(0, 500);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const code = error instanceof ChildFailure ? error.code : "INFERENCE_FAILED";
    emit({ type: "error", code, message: firstLine(error) });
    process.exit(1);
  },
);
