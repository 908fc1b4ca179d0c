/**
 * `npx joulebench evaluate <model.onnx|bundle.zip> --task <task> --profile cpu-1t [--blocks N] [--json]`
 *
 * A team's pre-flight on its own machine, through exactly the code the service runs. With --json, one JSON
 * object on stdout (also on failure: {"status":"failed","error":{code,message}}); otherwise a readable summary
 * and a progress bar on stderr. Exit codes: 0 ok, 1 the evaluation failed, 2 bad command line.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { dataDirectory } from "../db/database-server";
import { AppError } from "../lib/errors";
import { getHardwareProfile } from "../lib/profiles/hardware-profiles";
import { DatasetError } from "../lib/tasks/dataset-error";
import { resolveDatasetsRoot } from "../lib/tasks/datasets-root";
import { getTaskDefinition } from "../lib/tasks/shipped-tasks";
import { parseTaskDefinition, type TaskDefinition } from "../lib/tasks/task-definition";
import { describeFailure } from "./evaluate/evaluation-error";
import { evaluateBenchmark } from "./evaluate/evaluate-benchmark";
import { evaluateModel } from "./evaluate/evaluate-model";
import { formatBenchmarkReport } from "./cli/format-benchmark-report";
import { formatReport } from "./cli/format-report";
import { createProgressBar } from "./cli/progress-bar";
import { addRemoteCommands } from "./cli/remote-commands";
import { removeAbandonedStagingAreas, removeOwnStagingArea } from "./staging/staging-area";

const integer = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`${name} must be a whole number`);
  return parsed;
};

const program = new Command()
  .name("joulebench")
  .description("Measure an ONNX text classifier's accuracy, latency and energy the way Joulebench does.")
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program
  .command("evaluate")
  .argument(
    "<model>",
    "a .onnx file or a .zip bundle (model.onnx, tokenizer.json, joulebench.json); with several tasks, a multi-task bundle (one folder per task)",
  )
  .requiredOption(
    "--task <task>",
    "a task slug (sst2, rte, sms-spam, boolq, cb, ag-news) or a task definition .json file; several, comma-separated, for a multi-task bundle",
  )
  .option(
    "--weights <weights>",
    "multi-task only: each task's weight in the benchmark score, comma-separated (default 1 each)",
  )
  .option("--profile <profile>", "hardware profile: cpu-1t, cpu-2t or gpu", "cpu-1t")
  .option("--split <split...>", "splits to score: test, dev, ood:<name> (default: test and every ood split)")
  .option("--blocks <n>", "interleaved blocks of idle, latency and throughput passes", integer("--blocks"))
  .option("--min-queries <n>", "minimum single-stream queries over all blocks", integer("--min-queries"))
  .option("--min-duration-ms <n>", "minimum single-stream time over all blocks", integer("--min-duration-ms"))
  .option(
    "--throughput-min-duration-ms <n>",
    "minimum offline time over all blocks",
    integer("--throughput-min-duration-ms"),
  )
  .option("--warmup-queries <n>", "untimed queries before the first latency block", integer("--warmup-queries"))
  .option("--timeout-ms <n>", "wall-clock limit of the sandboxed run", integer("--timeout-ms"))
  .option("--datasets <dir>", "folder holding the data sets (default: JOULEBENCH_DATASETS_DIR or ../shared/datasets)")
  .option(
    "--unsafe-no-sandbox",
    "run without bubblewrap (your own models on your own machine only); results are marked unsandboxed",
  )
  .option("--json", "print one JSON object instead of a summary")
  .action(async (model: string, options: CliOptions) => {
    const exitCode = await evaluateCommand(model, options);
    // The run's copies (model, inputs, sandbox runtime) go with it; a run killed before this point leaves its
    // folder to the next run, which removes it (runner/staging/staging-area.ts).
    await removeOwnStagingArea();
    process.exit(exitCode);
  });

interface CliOptions {
  task: string;
  weights?: string;
  profile: string;
  split?: string[];
  blocks?: number;
  minQueries?: number;
  minDurationMs?: number;
  throughputMinDurationMs?: number;
  warmupQueries?: number;
  timeoutMs?: number;
  datasets?: string;
  unsafeNoSandbox?: boolean;
  json?: boolean;
}

async function evaluateCommand(model: string, options: CliOptions): Promise<number> {
  const bar = options.json || !process.stderr.isTTY ? null : createProgressBar(process.stderr);
  // What an earlier run left when it was killed (the team's model, the task's inputs) goes first, whatever follows.
  await removeAbandonedStagingAreas().catch(() => 0);
  try {
    if (!existsSync(model)) throw new AppError("NOT_FOUND", `No such file: ${model}`);
    const references = options.task
      .split(",")
      .map((reference) => reference.trim())
      .filter(Boolean);
    if (references.length > 1) {
      const report = await evaluateBenchmarkCommand(model, references, options, bar);
      bar?.finish();
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatBenchmarkReport(report));
      return 0;
    }
    const task = await loadTask(options.task);
    const report = await evaluateModel({
      bundlePath: path.resolve(model),
      task,
      datasetsRoot: options.datasets ? path.resolve(options.datasets) : resolveDatasetsRoot(),
      profile: getHardwareProfile(options.profile),
      splits: options.split,
      protocol: {
        blocks: options.blocks,
        minQueries: options.minQueries,
        minDurationMs: options.minDurationMs,
        throughputMinDurationMs: options.throughputMinDurationMs,
        warmupQueries: options.warmupQueries,
        timeoutMs: options.timeoutMs,
      },
      sandbox: !options.unsafeNoSandbox,
      childBundleDir: path.join(dataDirectory(), "runner"),
      onProgress: (progress) =>
        bar?.update(progress.fraction, `${progress.stage}${progress.detail ? `: ${progress.detail}` : ""}`),
    });
    bar?.finish();
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    return 0;
  } catch (error) {
    bar?.finish();
    const failure = describeFailure(error);
    if (failure.code === "INTERNAL") console.error(error);
    if (options.json) process.stdout.write(`${JSON.stringify({ status: "failed", error: failure })}\n`);
    else process.stderr.write(`\nEvaluation failed [${failure.code}]: ${failure.message}\n`);
    return 1;
  }
}

/** Each task scored by its headline metric (its first), as a multi-task track of those tasks would by default. */
async function evaluateBenchmarkCommand(
  model: string,
  references: string[],
  options: CliOptions,
  bar: ReturnType<typeof createProgressBar> | null,
) {
  const weights = options.weights?.split(",").map(Number) ?? references.map(() => 1);
  if (
    weights.length !== references.length ||
    weights.some((weight) => !Number.isFinite(weight) || weight < 0) ||
    !(weights.reduce((a, b) => a + b, 0) > 0)
  ) {
    throw new AppError(
      "VALIDATION_FAILED",
      `--weights needs ${references.length} numbers of at least 0 that add up to a positive number (got "${options.weights}").`,
    );
  }
  const datasetsRoot = options.datasets ? path.resolve(options.datasets) : resolveDatasetsRoot();
  const tasks = await Promise.all(references.map(loadTask));
  return evaluateBenchmark({
    bundlePath: path.resolve(model),
    tasks: tasks.map((task, index) => ({ task, metric: task.metrics[0]!, weight: weights[index]!, datasetsRoot })),
    profile: getHardwareProfile(options.profile),
    protocol: {
      blocks: options.blocks,
      minQueries: options.minQueries,
      minDurationMs: options.minDurationMs,
      throughputMinDurationMs: options.throughputMinDurationMs,
      warmupQueries: options.warmupQueries,
      timeoutMs: options.timeoutMs,
    },
    sandbox: !options.unsafeNoSandbox,
    childBundleDir: path.join(dataDirectory(), "runner"),
    onProgress: (progress) =>
      bar?.update(progress.fraction, `${progress.stage}${progress.detail ? `: ${progress.detail}` : ""}`),
  });
}

async function loadTask(reference: string): Promise<TaskDefinition> {
  if (!reference.endsWith(".json")) return getTaskDefinition(reference);
  const text = await readFile(reference, "utf8").catch(() => {
    throw new DatasetError(
      "TASK_DEFINITION_INVALID",
      `Cannot read the task definition ${reference}: no such file, or not readable.`,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatasetError(
      "TASK_DEFINITION_INVALID",
      `The task definition ${reference} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseTaskDefinition(json, reference);
}

// login, submit, status, logout: the site's API v1 (runner/cli/remote-commands.ts).
addRemoteCommands(program);

await program.parseAsync(process.argv);
