/**
 * `npx tsx tools/bench/spin-waiting.ts [--bundle .data/baselines/<name>/bundle.zip] [--task sst2] [--rounds 3]`: the
 * cpu-2t profile with onnxruntime's intra-op spin-waiting on and off (session.intra_op.allow_spinning), alternating,
 * each a whole evaluation under the default protocol. It prints, per setting, the medians over rounds of the offline
 * net and gross energy per inference, the idle power, latency p50, throughput, and the child's CPU time over wall time
 * in the latency passes: what the profile's `allowSpinning` choice in docs/methodology.md rests on. Energy is the
 * profile's method (the estimate where the host has no RAPL), so CPU time a spinning thread burns is charged.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../../lib/statistics/sample-statistics";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { evaluateModel } from "../../runner/evaluate/evaluate-model";
import type { EvaluationReport } from "../../runner/evaluate/evaluation-report";

const { values: flags } = parseArgs({
  options: {
    bundle: { type: "string", default: ".data/baselines/sst2-ngram-mlp-teacher/bundle.zip" },
    task: { type: "string", default: "sst2" },
    rounds: { type: "string", default: "3" },
  },
});
const rounds = Number(flags.rounds);
const base = getHardwareProfile("cpu-2t");

async function evaluate(allowSpinning: boolean): Promise<EvaluationReport> {
  return evaluateModel({
    bundlePath: path.resolve(flags.bundle!),
    task: getTaskDefinition(flags.task!),
    datasetsRoot: resolveDatasetsRoot(),
    profile: { ...base, allowSpinning },
    splits: ["test"],
    sandbox: true,
    childBundleDir: path.join(os.tmpdir(), "joulebench-spin-child"),
  });
}

const median = (values: (number | null)[]) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length === values.length && present.length > 0 ? percentile(present, 50) : null;
};

async function main() {
  const reports: Record<"on" | "off", EvaluationReport[]> = { on: [], off: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const setting of round % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const)) {
      const report = await evaluate(setting === "on");
      reports[setting].push(report);
      console.log(
        `round ${round + 1} spinning ${setting}: net ${report.energy.joulesPerInference} J/inf, p50 ${report.latency.p50Ms.toFixed(4)} ms, noisy ${report.noisy}`,
      );
    }
  }
  const summary = Object.fromEntries(
    (["on", "off"] as const).map((setting) => {
      const mine = reports[setting];
      return [
        setting,
        {
          netMillijoulesPerInference: median(
            mine.map((r) => r.energy.joulesPerInference && r.energy.joulesPerInference * 1000),
          ),
          grossMillijoulesPerInference: median(
            mine.map((r) => r.energy.grossJoulesPerInference && r.energy.grossJoulesPerInference * 1000),
          ),
          singleStreamNetMillijoulesPerQuery: median(
            mine.map((r) => r.energy.singleStreamJoulesPerQuery && r.energy.singleStreamJoulesPerQuery * 1000),
          ),
          idleWatts: median(mine.map((r) => r.energy.idleWatts.host)),
          latencyP50Us: median(mine.map((r) => r.latency.p50Ms * 1000)),
          examplesPerSecond: median(mine.map((r) => r.throughput.examplesPerSecond)),
          latencyCpuPerWall: median(mine.map((r) => r.interference.latency?.cpuPerWall ?? null)),
          throughputCpuPerWall: median(mine.map((r) => r.interference.throughput?.cpuPerWall ?? null)),
          noisy: mine.filter((r) => r.noisy).length,
        },
      ];
    }),
  );
  console.log(
    JSON.stringify(
      { bundle: flags.bundle, rounds, host: reports.on[0]?.host, protocol: reports.on[0]?.versions.protocol, summary },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
