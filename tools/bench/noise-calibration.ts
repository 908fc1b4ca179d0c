/**
 * How wide the runner's intervals are on a quiet host, with the default measurement protocol: the data the noisy
 * criterion (runner/evaluate/assess-noise.ts, docs/methodology.md) is calibrated on. Evaluates each baseline model
 * N times on the SST-2 dev split, pinned to one core, and prints, per headline figure (latency p50 and p90,
 * throughput, energy), the spread of its interval's relative width, (high − low) / median, over the evaluations,
 * with each evaluation's interference so that a disturbed one can be told apart. Writes
 * .data/bench/noise-calibration-<timestamp>.json.
 *
 *   npm run bench:noise -- [--models bow,tinybert] [--rounds 8] [--core N] [--unsafe-no-sandbox]
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../../lib/statistics/sample-statistics";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { evaluateModel } from "../../runner/evaluate/evaluate-model";
import { sandboxAvailable } from "../../runner/evaluate/host-capabilities";
import { measurementProtocol, PROTOCOL_VERSION } from "../../runner/evaluate/measurement-protocol";
import { BENCH_MODELS, buildBenchBundle, type BenchModelName } from "./runner-benchmark/fixtures";
import { describeMachine, pinOrchestratorAwayFrom } from "./runner-benchmark/machine";

const { values: flags } = parseArgs({
  options: {
    models: { type: "string", default: BENCH_MODELS.join(",") },
    rounds: { type: "string", default: "8" },
    core: { type: "string" },
    out: { type: "string", default: ".data/bench" },
    "unsafe-no-sandbox": { type: "boolean", default: false },
  },
});

const FIGURES = ["latencyP50", "latencyP90", "throughput", "energy"] as const;
type Figure = (typeof FIGURES)[number];

interface Round {
  model: string;
  round: number;
  widths: Record<Figure, number | null>;
  noisyReasons: string[];
  latencyRunQueueShare: number | null;
  otherCoresBusy: number | null;
}

async function main() {
  const models = flags.models!.split(",") as BenchModelName[];
  const unknown = models.filter((name) => !BENCH_MODELS.includes(name));
  if (unknown.length > 0)
    throw new Error(`--models: unknown ${unknown.join(", ")} (known: ${BENCH_MODELS.join(", ")})`);
  const rounds = Number(flags.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a whole number ≥ 1, got "${flags.rounds}"`);
  const core = Number(flags.core ?? os.cpus().length - 1);
  if (!Number.isInteger(core) || core < 0 || core >= os.cpus().length)
    throw new Error(`--core must be a CPU of this host (0–${os.cpus().length - 1}), got "${flags.core}"`);
  const sandbox = !flags["unsafe-no-sandbox"] && (await sandboxAvailable()).ok;
  const outDir = path.resolve(flags.out!);
  await mkdir(outDir, { recursive: true });
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-noise-"));
  const machine = describeMachine();
  pinOrchestratorAwayFrom(core);
  const protocol = measurementProtocol();
  console.log(
    `noise calibration: protocol ${PROTOCOL_VERSION} defaults (${protocol.blocks} blocks), models ${models.join(", ")}, ${rounds} rounds, core ${core}`,
  );
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, load average ${machine.loadAverage.join(" ")}`);
  const task = getTaskDefinition("sst2");
  const datasetsRoot = resolveDatasetsRoot();
  const results: Round[] = [];
  try {
    for (const model of models) {
      const bundle = await buildBenchBundle(model, workDir);
      for (let round = 1; round <= rounds; round++) {
        const report = await evaluateModel({
          bundlePath: bundle.zipPath,
          task,
          datasetsRoot,
          profile: getHardwareProfile("cpu-1t"),
          splits: ["dev"],
          protocol,
          sandbox,
          cores: [core],
          workRoot: workDir,
          childBundleDir: path.join(outDir, "child"),
        });
        const row: Round = {
          model,
          round,
          widths: {
            latencyP50: report.latency.relativeWidth,
            latencyP90: report.latency.p90RelativeWidth,
            throughput: report.throughput.relativeWidth,
            energy: report.energy.relativeWidth,
          },
          noisyReasons: report.noisyReasons,
          latencyRunQueueShare: report.interference.latency?.runQueueShare ?? null,
          otherCoresBusy: report.interference.latency?.otherCoresBusy ?? null,
        };
        results.push(row);
        const shown = FIGURES.map(
          (figure) => `${figure} ${row.widths[figure] === null ? "—" : `${(row.widths[figure]! * 100).toFixed(1)}%`}`,
        ).join(", ");
        console.log(
          `${model} ${round}/${rounds}: ${shown}; disturbed: ${row.noisyReasons.some((reason) => reason.startsWith("disturbed")) ? "yes" : "no"}`,
        );
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  console.log("\nrelative width of the 95% interval over the evaluations: median, 90th percentile, largest");
  const summary: Record<string, { median: number; p90: number; max: number; count: number }> = {};
  for (const figure of FIGURES) {
    const values = results.flatMap((row) => (row.widths[figure] === null ? [] : [row.widths[figure]!]));
    if (values.length === 0) continue;
    summary[figure] = {
      median: percentile(values, 50),
      p90: percentile(values, 90),
      max: Math.max(...values),
      count: values.length,
    };
    const s = summary[figure]!;
    console.log(
      `${figure.padEnd(11)} ${(s.median * 100).toFixed(1)}%  ${(s.p90 * 100).toFixed(1)}%  ${(s.max * 100).toFixed(1)}%  (${s.count} evaluations)`,
    );
  }
  const file = path.join(outDir, `noise-calibration-${new Date().toISOString().replaceAll(":", "-")}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ protocol: PROTOCOL_VERSION, machine, core, sandbox, rounds: results, summary }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

await main();
