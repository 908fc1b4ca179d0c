/**
 * The tables of docs/BASELINES.md, rendered from the runner's reports in .data/baselines/results.json (measure-all.ts)
 * so that no number in them is typed by hand. Two tables: cost and size per model and hardware profile, with the
 * headline quality beside them; then every quality figure per split, with the held-out rows a card adds where the
 * runner's own score includes training data (the SMS baseline).
 *
 * Units: energy in joules per 1,000 inferences (the offline pass's net energy, the leaderboard's headline, which the
 * report gives as Wh per 1,000: 1 J = 0.278 mWh), with its 95% interval over blocks and the gross figure beside it; latency in microseconds, because every baseline answers in well under a
 * millisecond; sizes in decimal kB / MB.
 */
import { countOf } from "../../lib/format/counted-noun";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import type { QualityRow } from "./card";
import type { MeasuredRun } from "./measure-all";

type Metrics = Record<string, number>;

/** The parts of the CLI's JSON report (runner/evaluate/evaluation-report.ts) the tables read. */
export interface ReportFields {
  scores?: { split: string; examples: number; metrics: Metrics }[];
  latency?: { p50Ms: number; p90Ms: number; relativeWidth: number; p50CiMs?: [number, number] };
  throughput?: { examplesPerSecond: number };
  energy?: {
    method: string;
    joulesPerInference: number | null;
    relativeWidth: number | null;
    ciJoulesPerInference?: [number, number] | null;
    grossJoulesPerInference?: number | null;
  };
  model?: {
    parameters: number;
    nonZeroParameters: number;
    precisionMix: Record<string, number>;
    fileSizeBytes: number;
    macsPerExample: { total: number; uncounted: string[] };
  };
  noisy?: boolean;
  noisyReasons?: string[];
  error?: { code: string; message: string };
}

export interface TableContext {
  /** The task's metrics, headline first (lib/tasks/task-definition.ts). */
  metricsOf: (task: string) => readonly string[];
  /** Quality rows of each baseline's card.json, by baseline name; absent cards are fine. */
  cardQuality: Readonly<Record<string, readonly QualityRow[]>>;
}

const METRIC_TITLES: Record<string, string> = { accuracy: "accuracy", macro_f1: "macro-F1", mcc: "MCC" };
const metricTitle = (metric: string) => METRIC_TITLES[metric] ?? metric;

export const formatMetric = (metric: string, value: number | undefined): string =>
  value === undefined ? "–" : metric === "mcc" ? value.toFixed(3) : `${(value * 100).toFixed(2)}%`;

/** Three significant digits, without exponent notation for the magnitudes these tables hold. */
export function significant(value: number, digits = 3): string {
  if (value === 0) return "0";
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${significant(bytes / 1e3)} kB`;
  return `${significant(bytes / 1e6)} MB`;
}

/**
 * The weights' element type: the one holding most parameters, with the share of any other weight type above 0.5%.
 * int64/int32 initializers are index constants (axes, shapes), not weights, so they are left out.
 */
export function weightPrecision(precisionMix: Record<string, number>): string {
  const weights = Object.entries(precisionMix).filter(([type]) => type !== "int64" && type !== "int32");
  const total = weights.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return "–";
  weights.sort((a, b) => b[1] - a[1]);
  const [main, ...others] = weights;
  const shown = others
    .filter(([, count]) => count / total > 0.005)
    .map(([type, count]) => `${type} ${((count / total) * 100).toFixed(1)}%`);
  return shown.length > 0 ? `${main![0]} (${shown.join(", ")})` : main![0];
}

function macs(model: NonNullable<ReportFields["model"]>): string {
  const total = model.macsPerExample.total.toLocaleString("en-US");
  return model.macsPerExample.uncounted.length > 0
    ? `${total} + ${model.macsPerExample.uncounted.join(", ")} (not estimated)`
    : total;
}

function testScore(report: ReportFields) {
  return report.scores?.find((score) => score.split === "test");
}

const table = (header: readonly string[], align: readonly ("l" | "r")[], rows: readonly string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `|${align.map((side) => (side === "r" ? "---:" : "---")).join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

/** One row per model and profile: quality, energy, latency, throughput, size and compute. */
export function costTable(runs: readonly MeasuredRun[], context: TableContext): string {
  const header = [
    "model",
    "profile",
    "quality (test)",
    "energy (net), J / 1,000 inf. [95% CI]",
    "gross",
    "p50, µs [95% CI]",
    "p90, µs",
    "throughput, inf./s",
    "parameters",
    "non-zero",
    "weights",
    "model.onnx",
    "MACs / example",
    "interval width p50 / energy",
  ];
  const align = ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "l", "r", "r", "r"] as const;
  const rows = runs.map((run) => {
    const report = run.report as ReportFields;
    if (run.status !== "ok" || !report.latency || !report.model || !report.energy || !report.throughput) {
      return [run.name, run.profile, `failed: ${report.error?.code ?? "no report"}`, ...header.slice(3).map(() => "")];
    }
    const headline = context.metricsOf(run.task)[0]!;
    const quality = testScore(report)?.metrics[headline];
    const joules = report.energy.joulesPerInference;
    const spread = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);
    const interval = (bounds: [number, number] | null | undefined, scale: number) =>
      bounds ? ` [${significant(bounds[0] * scale)}–${significant(bounds[1] * scale)}]` : "";
    const gross = report.energy.grossJoulesPerInference;
    return [
      run.name,
      run.profile,
      `${formatMetric(headline, quality)} ${metricTitle(headline)}`,
      joules === null
        ? "missing"
        : `${significant(joules * 1000)}${interval(report.energy.ciJoulesPerInference, 1000)}`,
      gross === null || gross === undefined ? "missing" : significant(gross * 1000),
      `${significant(report.latency.p50Ms * 1000)}${interval(report.latency.p50CiMs, 1000)}`,
      significant(report.latency.p90Ms * 1000),
      Math.round(report.throughput.examplesPerSecond).toLocaleString("en-US"),
      report.model.parameters.toLocaleString("en-US"),
      report.model.nonZeroParameters.toLocaleString("en-US"),
      weightPrecision(report.model.precisionMix),
      formatBytes(report.model.fileSizeBytes),
      macs(report.model),
      `${spread(report.latency.relativeWidth)} / ${spread(report.energy.relativeWidth)}${report.noisy ? " noisy" : ""}`,
    ];
  });
  return table(header, align, rows);
}

/** Quality does not depend on the profile; this is each model's first successful run, or a note where profiles disagree. */
function qualityRuns(runs: readonly MeasuredRun[]): { run: MeasuredRun; disagreement: string | null }[] {
  const names = [...new Set(runs.map((run) => run.name))];
  return names.flatMap((name) => {
    const ok = runs.filter((run) => run.name === name && run.status === "ok");
    const first = ok[0];
    if (!first) return [];
    const fingerprint = (run: MeasuredRun) =>
      JSON.stringify((run.report as ReportFields).scores?.map((score) => score.metrics));
    const differing = ok.filter((run) => fingerprint(run) !== fingerprint(first)).map((run) => run.profile);
    return [{ run: first, disagreement: differing.length > 0 ? `scores differ on ${differing.join(", ")}` : null }];
  });
}

/**
 * Per task: every metric on the test split, the headline metric on each other split, and the card's held-out rows
 * where the card measured a held-out set the runner's test split does not match (different size).
 */
export function qualityTables(runs: readonly MeasuredRun[], context: TableContext): string {
  const byTask = new Map<string, { run: MeasuredRun; disagreement: string | null }[]>();
  for (const entry of qualityRuns(runs)) byTask.set(entry.run.task, [...(byTask.get(entry.run.task) ?? []), entry]);
  const sections: string[] = [];
  for (const [task, entries] of byTask) {
    const metrics = context.metricsOf(task);
    const headline = metrics[0]!;
    const otherSplits = [
      ...new Set(entries.flatMap(({ run }) => ((run.report as ReportFields).scores ?? []).map((score) => score.split))),
    ].filter((split) => split !== "test");
    const header = [
      "model",
      "scored on",
      "examples",
      ...metrics.map(metricTitle),
      ...otherSplits.map((split) => `${split} ${metricTitle(headline)}`),
    ];
    const align = header.map((_, index) => (index < 2 ? "l" : "r") as "l" | "r");
    const rows: string[][] = [];
    for (const { run, disagreement } of entries) {
      const report = run.report as ReportFields;
      const test = testScore(report);
      const splitValue = (split: string) =>
        formatMetric(headline, report.scores?.find((score) => score.split === split)?.metrics[headline]);
      const card = context.cardQuality[run.name] ?? [];
      // The card knows when the runner's test split holds the model's own training data; the runner does not.
      const inSample = card.some((row) => row.examples === test?.examples && /training data|in-sample/i.test(row.set));
      const notes = [inSample ? "includes training data, see card.json" : null, disagreement].filter(Boolean);
      rows.push([
        run.name,
        `test, by the runner${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`,
        String(test?.examples ?? "–"),
        ...metrics.map((metric) => formatMetric(metric, test?.metrics[metric])),
        ...otherSplits.map(splitValue),
      ]);
      for (const row of card) {
        if (!/held.out/i.test(row.set) || row.examples === test?.examples) continue;
        const values = row as unknown as Metrics;
        rows.push([
          run.name,
          `${row.set} (card.json)`,
          String(row.examples),
          ...metrics.map((metric) => formatMetric(metric, values[metric])),
          ...otherSplits.map(() => ""),
        ]);
      }
    }
    sections.push(`**${task}**\n\n${table(header, align, rows)}`);
  }
  return sections.join("\n\n");
}

export const TABLE_START =
  "<!-- baselines-table:start (generated by npm run baselines:report; do not edit by hand) -->";
export const TABLE_END = "<!-- baselines-table:end -->";

/** Replaces what lies between the markers with the generated tables; the prose around them is left as it is. */
export function spliceTables(document: string, generated: string): string {
  const start = document.indexOf(TABLE_START);
  const end = document.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`docs/BASELINES.md needs the markers ${TABLE_START} and ${TABLE_END}, in that order`);
  return `${document.slice(0, start + TABLE_START.length)}\n${generated.trim()}\n${document.slice(end)}`;
}

/** One line saying where and how the numbers were taken, from the reports themselves. */
export function provenance(results: { protocol: string; runs: readonly MeasuredRun[] }): string {
  type Versions = {
    host?: { cpuModel: string; cores: number };
    versions?: { onnxruntime: string; node: string; protocol: string };
  };
  const reports = results.runs.filter((run) => run.status === "ok").map((run) => run.report as ReportFields & Versions);
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((value): value is string => value !== undefined))].join(" / ") || "–";
  const hosts = distinct(
    reports.map((report) => report.host && `${report.host.cpuModel}, ${countOf(report.host.cores, "core")}`),
  );
  const noisy = reports.filter((report) => report.noisy).length;
  const started = results.runs.flatMap((run) => (run.startedAt ? [run.startedAt] : [])).sort();
  const loads = results.runs.flatMap((run) => (run.loadAverage?.[0] === undefined ? [] : [run.loadAverage[0]]));
  const when =
    started.length > 0
      ? `Runs started ${started[0]!.slice(0, 16).replace("T", " ")}–${started.at(-1)!.slice(11, 16)} UTC` +
        (loads.length > 0
          ? `, with a 1-minute load average of ${Math.min(...loads)}–${Math.max(...loads)} just before each. `
          : ". ")
      : "";
  return [
    when +
      `${results.runs.length} runs (${reports.length} ok) on ${hosts}; onnxruntime ${distinct(reports.map((report) => report.versions?.onnxruntime))},`,
    `Node ${distinct(reports.map((report) => report.versions?.node))}, protocol ${distinct(reports.map((report) => report.versions?.protocol))}`,
    `(${results.protocol === "quick" ? "QUICK protocol: not for publication" : "default settings"}); energy method: ${distinct(reports.map((report) => report.energy?.method))};`,
    `${noisy} of ${reports.length} runs flagged noisy (a 95% interval over blocks wider than the protocol's limit for its figure, or a disturbed pass).`,
  ].join(" ");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (flag: string, fallback: string) => {
    const index = argv.indexOf(flag);
    return path.resolve(index >= 0 && argv[index + 1] ? argv[index + 1]! : fallback);
  };
  const dir = option("--dir", ".data/baselines");
  const docPath = option("--doc", "docs/BASELINES.md");
  const results = JSON.parse(await readFile(path.join(dir, "results.json"), "utf8")) as {
    protocol: string;
    runs: MeasuredRun[];
  };
  const cardQuality: Record<string, QualityRow[]> = {};
  for (const name of new Set(results.runs.map((run) => run.name))) {
    const card = await readFile(path.join(dir, name, "card.json"), "utf8").then(
      (text) => JSON.parse(text) as { quality: QualityRow[] },
      () => null,
    );
    if (card) cardQuality[name] = card.quality;
  }
  const context: TableContext = { metricsOf: (task) => getTaskDefinition(task).metrics, cardQuality };
  const generated = [
    provenance(results),
    "",
    costTable(results.runs, context),
    "",
    "Quality per split (the same on every profile; a note says so where it is not):",
    "",
    qualityTables(results.runs, context),
  ].join("\n");
  await writeFile(docPath, spliceTables(await readFile(docPath, "utf8"), generated));
  process.stderr.write(
    `wrote the tables for ${results.runs.length} runs into ${path.relative(process.cwd(), docPath)}\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
