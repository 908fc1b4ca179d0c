/**
 * How close the runner comes to the physical limit of the hardware it measures on (issue "The runner"):
 *   (a) the per-query latency the runner reports (p50 of evaluateModel) against a bare, pinned session.run loop
 *       with the same tokenizer code and session options (tools/bench/runner-benchmark/bare-loop.ts): target ≤ 1.03;
 *   (b) the wall time of an evaluation reduced to its accuracy pass (sandbox, validation, model load, the batched
 *       sweep; the latency and throughput passes' own time taken out) against a fresh pinned process that loads the
 *       model and sweeps the same examples: target ≤ 1.5;
 *   (c) the coefficient of variation of the reported p50 over repeated evaluations: target < 3%.
 * Every figure is a ratio against a baseline run in the same command, runner and baseline alternating (ABBA), so
 * a shared or drifting host moves both sides. Results go to .data/bench/runner-<timestamp>.json.
 *
 *   npm run bench:runner                     full: 5 rounds per model, the default measurement protocol
 *   npm run bench:runner -- --quick          2 rounds, 2 blocks over 2 s, bag-of-words only (a smoke run)
 *   options: --models bow,tinybert  --rounds N  --wall-rounds N  --core N (default: the last)  --out DIR
 *            --unsafe-no-sandbox
 * docs/BENCHMARKS.md holds the recorded results and how to read them.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../../lib/statistics/sample-statistics";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";
import { evaluateModel } from "../../runner/evaluate/evaluate-model";
import type { EvaluationReport } from "../../runner/evaluate/evaluation-report";
import { sandboxAvailable } from "../../runner/evaluate/host-capabilities";
import {
  measurementProtocol,
  PROTOCOL_VERSION,
  type MeasurementProtocol,
} from "../../runner/evaluate/measurement-protocol";
import type { BareJob, PairedComparison } from "./runner-benchmark/bare-loop";
import { bundleBareLoop, runBareLoop } from "./runner-benchmark/bare-runner";
import { BENCH_MODELS, buildBenchBundle, type BenchBundle, type BenchModelName } from "./runner-benchmark/fixtures";
import { describeMachine, pinOrchestratorAwayFrom } from "./runner-benchmark/machine";
import {
  formatSummaryTable,
  signedMicros,
  summarizeModel,
  TARGETS,
  type LatencyRound,
  type ModelSummary,
  type WallRound,
} from "./runner-benchmark/summary";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: process.env.BENCH_QUICK === "1" },
    models: { type: "string" },
    rounds: { type: "string" },
    "wall-rounds": { type: "string" },
    core: { type: "string" },
    out: { type: "string", default: ".data/bench" },
    "unsafe-no-sandbox": { type: "boolean", default: false },
  },
});

const PROFILE = getHardwareProfile("cpu-1t");
const quick = flags.quick ?? false;
const models = (flags.models ?? (quick ? "bow" : BENCH_MODELS.join(","))).split(",").map((name) => {
  if (!BENCH_MODELS.includes(name as BenchModelName))
    throw new Error(`--models: unknown model "${name}" (known: ${BENCH_MODELS.join(", ")})`);
  return name as BenchModelName;
});
const wholeNumber = (name: string, value: string | number, least: number) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < least)
    throw new Error(`--${name} must be a whole number ≥ ${least}, got "${value}"`);
  return parsed;
};
const rounds = wholeNumber("rounds", flags.rounds ?? (quick ? 2 : 5), 1);
const wallRounds = wholeNumber("wall-rounds", flags["wall-rounds"] ?? (quick ? 2 : 5), 1);
// The last core by default: the runner (and every test that evaluates a model) pins its child to the first cores,
// so on a shared development machine the last core is the one least likely to be measuring something else.
const core = wholeNumber("core", flags.core ?? os.cpus().length - 1, 0);
/** Full runs use the protocol's defaults, so the benchmark measures what the leaderboard publishes. */
const latencyProtocol: MeasurementProtocol = measurementProtocol(
  quick ? { blocks: 2, minDurationMs: 2_000, throughputMinDurationMs: 500 } : {},
);
/** The least an evaluation can do: one latency query, one throughput sweep, no warm-up. */
const minimalProtocol = measurementProtocol({
  blocks: 1,
  warmupQueries: 0,
  minQueries: 1,
  minDurationMs: 0,
  throughputMinDurationMs: 0,
  idleFraction: 0,
});

async function main() {
  const outDir = path.resolve(flags.out!);
  await mkdir(outDir, { recursive: true });
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-bench-"));
  const machine = describeMachine();
  const orchestratorCores = pinOrchestratorAwayFrom(core);
  const sandbox = !flags["unsafe-no-sandbox"] && (await sandboxAvailable()).ok;
  const command = `npm run bench:runner${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  console.log(
    `runner benchmark: models ${models.join(", ")}, ${rounds} latency rounds, ${wallRounds} wall rounds, core ${core}, sandbox ${sandbox ? "bubblewrap" : "OFF"}`,
  );
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, load average ${machine.loadAverage.join(" ")}\n`);

  const task = getTaskDefinition("sst2");
  const datasetsRoot = resolveDatasetsRoot();
  const devSpec = splitFiles(task).find((file) => file.split === "dev")!.spec;
  const examples = (await loadExamples(devSpec, datasetsRoot, task)).inputs.map((fields) => fields[0]!);
  const bareScript = await bundleBareLoop(path.join(outDir, "bare-loop"));

  const evaluate = (bundle: BenchBundle, protocol: MeasurementProtocol): Promise<EvaluationReport> =>
    evaluateModel({
      bundlePath: bundle.zipPath,
      task,
      datasetsRoot,
      profile: PROFILE,
      splits: ["dev"],
      protocol,
      sandbox,
      cores: [core],
      workRoot: workDir,
      // Inside the repository: unsandboxed, the child resolves onnxruntime-node from its own location.
      childBundleDir: path.join(outDir, "child"),
    });
  const bare = async (bundle: BenchBundle, mode: BareJob["mode"], protocol: MeasurementProtocol) =>
    runBareLoop({
      script: bareScript,
      core,
      jobPath: path.join(workDir, "bare-job.json"),
      job: {
        mode,
        modelPath: bundle.modelPath,
        tokenizerJsonText: await readFile(bundle.tokenizerPath, "utf8"),
        maxLength: bundle.maxSequenceLength,
        padTokenId: bundle.padTokenId,
        inputs: bundle.inputs,
        outputName: bundle.outputName,
        labelCount: task.labels.length,
        examples,
        intraOpThreads: PROFILE.intraOpThreads,
        batchSize: PROFILE.throughputBatchSize,
        warmupQueries: protocol.warmupQueries,
        // The runner's blocks, each a repeat of the bare loop with the block's share of queries and time.
        minQueries: Math.ceil(protocol.minQueries / protocol.blocks),
        minDurationMs: protocol.minDurationMs / protocol.blocks,
        repeats: protocol.blocks,
      },
    });

  const summaries: ModelSummary[] = [];
  const raw: Record<
    string,
    { coldEvaluationMs: number; accuracy: number; latency: LatencyRound[]; wall: WallRound[]; paired: PairedComparison }
  > = {};
  try {
    for (const name of models) {
      const bundle = await buildBenchBundle(name, workDir);
      // Untimed: the first evaluation in a process bundles the child with esbuild and fills the page cache.
      const cold = await evaluate(bundle, minimalProtocol);
      await bare(bundle, "accuracy", minimalProtocol);
      console.log(
        `${name}: cold first evaluation ${cold.timings.totalMs.toFixed(0)} ms (child bundling included), dev accuracy ${cold.scores[0]!.metrics.accuracy.toFixed(3)}`,
      );

      const wall: WallRound[] = [];
      for (let round = 0; round < wallRounds; round += 1) {
        const runnerFirst = round % 2 === 1;
        const bareBefore = runnerFirst ? null : await bare(bundle, "accuracy", minimalProtocol);
        const report = await evaluate(bundle, minimalProtocol);
        const bareRun = bareBefore ?? (await bare(bundle, "accuracy", minimalProtocol));
        const measurementPassesMs = report.energy.passes.reduce((sum, pass) => sum + pass.wallMs, 0);
        wall.push({
          runnerTotalMs: report.timings.totalMs,
          runnerWithoutMeasurementPassesMs: report.timings.totalMs - measurementPassesMs,
          runnerTimings: report.timings,
          bareWallMs: bareRun.wallMs,
          bareLoadMs: bareRun.result.loadMs,
          bareAccuracyPassMs: bareRun.result.accuracyPassMs ?? 0,
        });
        console.log(
          `  wall round ${round + 1}/${wallRounds}: runner ${wall.at(-1)!.runnerWithoutMeasurementPassesMs.toFixed(0)} ms (total ${report.timings.totalMs.toFixed(0)}), bare ${bareRun.wallMs.toFixed(0)} ms`,
        );
      }

      const latency: LatencyRound[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? "bare-first" : "runner-first";
        const bareFirst = order === "bare-first" ? await bare(bundle, "latency", latencyProtocol) : null;
        const report = await evaluate(bundle, latencyProtocol);
        const bareRun = bareFirst ?? (await bare(bundle, "latency", latencyProtocol));
        const bareRepeats = bareRun.result.latency;
        // As the report takes the median over its repeats (compose-report.ts), so does the baseline.
        const medianOf = (values: number[]) => percentile(values, 50);
        const bareP50 = medianOf(bareRepeats.map((repeat) => repeat.p50Ms));
        latency.push({
          order,
          runnerP50Ms: report.latency.p50Ms,
          runnerTokenizationP50Ms: report.latency.tokenizationP50Ms,
          runnerRelativeSpread: report.latency.relativeWidth,
          runnerNoisy: report.noisy,
          runnerQueriesPerRepeat: report.latency.queriesPerBlock,
          runnerNoisyReasons: report.noisyReasons,
          runnerInterference: { latency: report.interference.latency, throughput: report.interference.throughput },
          bareP50Ms: bareP50,
          bareTokenizeP50Ms: medianOf(bareRepeats.map((repeat) => repeat.tokenizeP50Ms)),
          bareSessionRunP50Ms: medianOf(bareRepeats.map((repeat) => repeat.sessionRunP50Ms)),
          bareQueriesPerRepeat: bareRepeats.map((repeat) => repeat.count),
          ratio: report.latency.p50Ms / bareP50,
        });
        const last = latency.at(-1)!;
        console.log(
          `  latency round ${round + 1}/${rounds} (${order}): runner p50 ${last.runnerP50Ms.toFixed(4)} ms, bare ${last.bareP50Ms.toFixed(4)} ms, ratio ${last.ratio.toFixed(4)}`,
        );
      }
      // Diagnostic: the child's query code against the bare query in one process, sweeps alternating.
      const pairedRun = await bare(bundle, "paired", {
        ...latencyProtocol,
        minDurationMs: latencyProtocol.minDurationMs * 2,
      });
      const paired = pairedRun.result.paired!;
      console.log(
        `  same-process comparison over ${paired.sweeps} sweeps: child code p50 ${paired.childP50Ms.toFixed(4)} ms, bare ${paired.bareP50Ms.toFixed(4)} ms, ${signedMicros(paired.childOverheadUs)}`,
      );
      raw[name] = {
        coldEvaluationMs: cold.timings.totalMs,
        accuracy: cold.scores[0]!.metrics.accuracy,
        latency,
        wall,
        paired,
      };
      summaries.push(summarizeModel(name, bundle.description, latency, wall, paired));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }

  const machineAfter = describeMachine();
  console.log(`\n${formatSummaryTable(summaries)}\n`);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(outDir, `runner-${stamp}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ command, quick, models, rounds, wallRounds, core, orchestratorCores, sandbox, profile: PROFILE.id, protocolVersion: PROTOCOL_VERSION, latencyProtocol, minimalProtocol, targets: TARGETS, machine, loadAverageAfter: machineAfter.loadAverage, summaries, raw }, null, 2)}\n`,
  );
  console.log(
    `load average at the end: ${machineAfter.loadAverage.join(" ")}; results written to ${path.relative(process.cwd(), file)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
