/**
 * One evaluation from start to finish, shared by `npx joulebench evaluate` and the queue worker, so a team's
 * pre-flight and the leaderboard's figure come from the same code: validate → evaluate (accuracy) → measure
 * (latency, throughput, energy) → report.
 */
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import {
  checkHostHonorsProfile,
  energyModelConstants,
  type HardwareProfile,
} from "../../lib/profiles/hardware-profiles";
import { loadExamples } from "../../lib/tasks/load-examples";
import { publicPrivateSplit } from "../../lib/tasks/public-private-split";
import type { TaskDefinition } from "../../lib/tasks/task-definition";
import { splitFiles } from "../../lib/tasks/task-definition";
import { APP_VERSION } from "../../lib/version";
import { CHILD_PROTOCOL_VERSION, type ChildJob, type ChildMessage } from "../child-protocol";
import { noiseReasons, summarizeInterference } from "./assess-noise";
import { composeEnergy } from "./compose-energy";
import { composeCarbon, composeLatency, composeThroughput, scoreSplits, type ScoredSplit } from "./compose-report";
import { affinityCores, claimCores } from "./core-allocation";
import { EvaluationError } from "./evaluation-error";
import type { EvaluationReport, SplitScore } from "./evaluation-report";
import { withDerivedMetrics } from "../../lib/tasks/task-score";
import { detectHostCapabilities, sandboxAvailable } from "./host-capabilities";
import { measurementProtocol, PROTOCOL_VERSION, type MeasurementProtocol } from "./measurement-protocol";
import { assertConsistentPredictions, comparePredictions } from "./prediction-consistency";
import { prepareSubmission } from "./prepare-submission";
import { isEvaluationSplit } from "./evaluation-data-check";
import { withAuditReview } from "../../lib/tasks/audit-review";
import { runMeasurement } from "./run-measurement";
import { openPrivateFolder } from "../staging/staging-area";

export type EvaluationStage = "validating" | "evaluating" | "measuring";

export interface EvaluateOptions {
  bundlePath: string;
  task: TaskDefinition;
  datasetsRoot: string;
  profile: HardwareProfile;
  /** Which of the task's splits to score: "test", "dev", "ood:<name>"; default: test and every ood split. */
  splits?: string[];
  /** Also score the test split's public and private parts (lib/tasks/public-private-split.ts), as the leaderboard does. */
  publicPrivateSplit?: { publicFraction: number; seed: number };
  protocol?: Partial<MeasurementProtocol>;
  /** false only in the explicit unsafe local mode; results then say unsandboxed. */
  sandbox: boolean;
  /** Cores to pin to; default the first `profile.cores` of this process's affinity mask. */
  cores?: number[];
  /**
   * Claim the cores with lock files in this directory, shared by every runner of the host, and refuse with
   * CORES_BUSY when another evaluation holds one (core-allocation.ts). The queue worker sets it.
   */
  coreLockDir?: string;
  /** The GPU (UUID) a cuda profile runs on; default the first GPU nvidia-smi lists. */
  gpuUuid?: string;
  /** Where the attempt's work folder goes; default this process's staging area (runner/staging/staging-area.ts). */
  workRoot?: string;
  childBundleDir: string;
  powercapRoot?: string;
  onProgress?: (progress: { stage: EvaluationStage; fraction: number; detail?: string }) => void;
  /** Aborting stops the sandboxed child at once and fails the evaluation with CANCELLED. */
  signal?: AbortSignal;
}

export async function evaluateModel(options: EvaluateOptions): Promise<EvaluationReport> {
  const started = performance.now();
  const protocol = measurementProtocol(options.protocol);
  const progress = options.onProgress ?? (() => {});
  progress({ stage: "validating", fraction: 0 });

  const host = await detectHostCapabilities(options.powercapRoot);
  const honored = checkHostHonorsProfile(options.profile, host);
  if (!honored.ok) throw new EvaluationError("PROFILE_UNAVAILABLE", honored.reason);
  if (options.sandbox) {
    const sandbox = await sandboxAvailable();
    if (!sandbox.ok) {
      throw new EvaluationError(
        "SANDBOX_UNAVAILABLE",
        `${sandbox.reason} Or, on your own machine only, pass --unsafe-no-sandbox.`,
      );
    }
  }

  // Owner-only (mkdtemp: 0700), in this process's staging area, so a killed run's copies are found and removed.
  const workDir = options.workRoot
    ? await mkdtemp(path.join(options.workRoot, "joulebench-eval-"))
    : await openPrivateFolder("eval-");
  try {
    const prepared = await prepareSubmission(options.bundlePath, workDir, options.task, options.datasetsRoot);
    const { examples, scored } = await loadSplits(options);
    const validateMs = performance.now() - started;
    progress({ stage: "evaluating", fraction: 0.05 });

    const measuredCount = scored[0]!.labels.length;
    const job: ChildJob = {
      protocolVersion: CHILD_PROTOCOL_VERSION,
      modelPath: prepared.modelPath,
      inputs: prepared.childInputs,
      output: {
        name: prepared.manifest.output.name,
        scores: prepared.manifest.output.scores,
        labelCount: prepared.manifest.output.labels.length,
      },
      tokenizer: prepared.tokenizer,
      // Latency and throughput cycle over the first split's examples only (see measuredExamples).
      examples,
      settings: {
        executionProvider: options.profile.executionProvider,
        intraOpThreads: options.profile.intraOpThreads,
        interOpThreads: options.profile.interOpThreads,
        batchSize: options.profile.throughputBatchSize,
        warmupQueries: protocol.warmupQueries,
        minQueries: protocol.minQueries,
        minDurationMs: protocol.minDurationMs,
        throughputMinDurationMs: protocol.throughputMinDurationMs,
        blocks: protocol.blocks,
        idleFraction: protocol.idleFraction,
        measuredExamples: measuredCount,
        allowSpinning: options.profile.allowSpinning,
      },
    };
    const cores = options.cores ?? affinityCores().slice(0, options.profile.cores);
    const claim = options.coreLockDir ? claimCores(cores, options.profile.cores, options.coreLockDir) : null;
    const gpuUuid =
      options.profile.executionProvider === "cuda" ? (options.gpuUuid ?? host.gpuIds[0]?.uuid ?? null) : null;
    const outcome = await runMeasurement({
      job,
      bundleDir: prepared.bundleDir,
      modelFileName: path.basename(prepared.modelPath),
      workDir,
      childBundleDir: options.childBundleDir,
      profile: options.profile,
      cores,
      timeoutMs: protocol.timeoutMs,
      watchdog: {
        modelLoadTimeoutMs: protocol.modelLoadTimeoutMs,
        firstBatchTimeoutMs: protocol.firstBatchTimeoutMs,
        stallTimeoutMs: protocol.stallTimeoutMs,
      },
      sandboxed: options.sandbox,
      powercapRoot: options.powercapRoot,
      gpuUuid,
      signal: options.signal,
      onMessage: (message) => reportChildProgress(message, protocol.blocks, progress),
    }).finally(() => claim?.release());

    const consistency = comparePredictions(outcome.predicted, outcome.latency, outcome.throughput, measuredCount);
    assertConsistentPredictions(consistency, protocol.consistencyTolerance);
    const constants = energyModelConstants(options.profile);
    const latency = composeLatency(outcome.latency);
    const throughput = composeThroughput(outcome.throughput, options.profile.throughputBatchSize);
    const energy = composeEnergy({
      windows: outcome.meter.windows,
      hostMethod: outcome.meter.hostMethod,
      gpuMethod: options.profile.energySources.gpu === "nvml" ? "measured-nvml" : null,
      peakRssBytes: outcome.peakRssBytes,
      constants,
    });
    const interference = summarizeInterference(outcome.meter.windows, options.profile.intraOpThreads);
    const reasons = noiseReasons({
      latencyP50Width: latency.relativeWidth,
      latencyP90Width: latency.p90RelativeWidth,
      throughputWidth: throughput.relativeWidth,
      energyWidth: energy.relativeWidth,
      energyNotAboveIdle: energy.netNotAboveIdle,
      interference,
      protocol,
    });
    const onnxruntimeVersion = await onnxruntimeVersionString();
    return {
      status: "ok",
      task: options.task.slug,
      profile: options.profile.id,
      ...withAuditReview(
        withTaskMetrics(
          scoreSplits(outcome.predicted, scored, prepared.labelMapping, options.task.labels.length, outcome.truncated),
          options.task,
        ),
        options.task,
      ),
      latency,
      throughput,
      energy,
      interference,
      consistency: { checked: consistency.checked, mismatched: consistency.mismatched },
      carbon: composeCarbon(energy.whPerThousand, options.profile.energyModel.gridCarbonGramsPerKwh.value),
      memory: {
        peakRssBytes: outcome.peakRssBytes,
        cgroupPeakBytes: outcome.cgroupPeakBytes,
        capBytes: options.profile.memoryCapBytes,
        capMechanism: outcome.memoryCapMechanism,
      },
      model: { ...prepared.facts, manifestInferred: prepared.manifestInferred },
      // Taken by the child inside its sandbox: the cores and CPU the model actually ran on.
      host: outcome.host,
      versions: {
        joulebench: APP_VERSION,
        protocol: PROTOCOL_VERSION,
        onnxruntime: onnxruntimeVersion,
        node: process.version,
      },
      sandboxed: options.sandbox,
      noisy: reasons.length > 0,
      noisyReasons: reasons,
      reruns: 0,
      timings: {
        validateMs,
        sandboxReadyMs: outcome.readyAfterMs,
        modelLoadMs: outcome.loadMs,
        childWallMs: outcome.wallMs,
        totalMs: performance.now() - started,
      },
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Adds the metrics a task names that derive from others (CB's mean of macro-F1 and accuracy, task-score.ts). */
function withTaskMetrics(scores: SplitScore[], task: TaskDefinition): SplitScore[] {
  return scores.map((score) => ({
    ...score,
    metrics: withDerivedMetrics(score.metrics, task.metrics),
    ...(score.parts
      ? { parts: score.parts.map((part) => ({ ...part, metrics: withDerivedMetrics(part.metrics, task.metrics) })) }
      : {}),
  }));
}

async function loadSplits(options: EvaluateOptions): Promise<{ examples: string[][]; scored: ScoredSplit[] }> {
  const all = splitFiles(options.task);
  // By default every split a leaderboard or its review uses: test, the out-of-domain splits, the hidden audit split.
  const wanted = options.splits ?? all.filter((file) => isEvaluationSplit(file.split)).map((file) => file.split);
  const examples: string[][] = [];
  const scored: ScoredSplit[] = [];
  for (const name of wanted) {
    const file = all.find((candidate) => candidate.split === name);
    if (!file) {
      throw new EvaluationError(
        "UNKNOWN_SPLIT",
        `Task ${options.task.slug} has no split "${name}"; it has ${all.map((f) => f.split).join(", ")}.`,
      );
    }
    const loaded = await loadExamples(file.spec, options.datasetsRoot, options.task);
    const divide = name === "test" ? options.publicPrivateSplit : undefined;
    const halves = divide && publicPrivateSplit(loaded.labels.length, divide.publicFraction, divide.seed);
    const parts = halves && [
      { name: "public", indices: halves.publicIndices },
      { name: "private", indices: halves.privateIndices },
    ];
    scored.push({ split: name, offset: examples.length, labels: loaded.labels, ...(parts ? { parts } : {}) });
    examples.push(...loaded.inputs);
  }
  return { examples, scored };
}

function reportChildProgress(
  message: ChildMessage,
  blocks: number,
  progress: NonNullable<EvaluateOptions["onProgress"]>,
) {
  if (message.type === "progress" && message.phase === "accuracy") {
    progress({ stage: "evaluating", fraction: 0.05 + 0.25 * message.fraction, detail: "accuracy pass" });
    return;
  }
  // Block boundaries and in-block progress both move the bar: an idle slice reports no progress of its own.
  const block =
    message.type === "pass-start" ? message.block : message.type === "progress" ? (message.block ?? 1) : null;
  if (block === null || block < 1) return;
  const phase = message.type === "pass-start" ? message.pass : message.type === "progress" ? message.phase : "idle";
  const within =
    message.type === "progress"
      ? phase === "latency"
        ? 0.2 + 0.5 * message.fraction
        : 0.7 + 0.3 * message.fraction
      : phase === "latency"
        ? 0.2
        : phase === "throughput"
          ? 0.7
          : 0;
  progress({
    stage: "measuring",
    fraction: 0.3 + (0.7 / blocks) * (block - 1 + within),
    detail: `${phase} pass, block ${block} of ${blocks}`,
  });
}

async function onnxruntimeVersionString(): Promise<string> {
  const ort = await import("onnxruntime-node");
  return ort.env.versions?.node ?? "unknown";
}
