/**
 * Test support: a small but real multi-task track. Three pair tasks (two, three and two labels) whose test files
 * are short JSONL files in a temporary datasets folder, a multi-task track over them on cpu-1t, and a real
 * three-task bundle (test-support/multitask/benchmark-bundle-fixture.ts).
 */
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../db/client";
import { competitions, hardwareProfiles, tasks, teams, trackTasks, tracks } from "../../db/schema";
import { benchmarkEntries, writeBenchmarkBundle } from "../multitask/benchmark-bundle-fixture";
import type { EvaluationTrack } from "./evaluation-fixtures";

const WORDS = [
  "the movie was great",
  "the movie was terrible",
  "i loved it",
  "not boring",
  "the plot and acting was boring",
];

export const BENCHMARK_TASKS = [
  {
    key: "yesno",
    labels: ["no", "yes"],
    examples: 24,
    metric: "accuracy",
    weight: 1,
    metrics: ["accuracy", "macro_f1", "mcc"],
  },
  {
    key: "three",
    labels: ["entailment", "contradiction", "neutral"],
    examples: 18,
    metric: "f1_accuracy_mean",
    weight: 1,
    metrics: ["f1_accuracy_mean", "accuracy", "macro_f1", "mcc"],
  },
  {
    key: "pairs",
    labels: ["entailment", "not_entailment"],
    examples: 12,
    metric: "accuracy",
    weight: 2,
    metrics: ["accuracy", "macro_f1", "mcc"],
  },
] as const;

export interface BenchmarkTrack extends EvaluationTrack {
  slugs: string[];
}

export async function seedBenchmarkTrack(db: Database): Promise<BenchmarkTrack> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-benchmark-worker-"));
  const datasetsDir = path.join(tempDir, "datasets");
  const suffix = randomUUID().slice(0, 8);
  const [team] = await db
    .insert(teams)
    .values({ slug: `volts-${suffix}`, name: `Volts ${suffix}` })
    .returning();
  const [competition] = await db
    .insert(competitions)
    .values({ slug: `glue-${suffix}`, title: "Lite" })
    .returning();
  await db
    .insert(hardwareProfiles)
    .values({ id: "cpu-1t", title: "One CPU thread", kind: "cpu", spec: {} })
    .onConflictDoNothing();
  const rows = [];
  for (const spec of BENCHMARK_TASKS) {
    const slug = `${spec.key}-${suffix}`;
    await mkdir(path.join(datasetsDir, spec.key), { recursive: true });
    const lines = Array.from({ length: spec.examples }, (_, index) =>
      JSON.stringify({
        premise: WORDS[index % WORDS.length],
        hypothesis: WORDS[(index + 2) % WORDS.length],
        label: spec.labels[index % spec.labels.length],
      }),
    );
    await writeFile(path.join(datasetsDir, spec.key, "test.jsonl"), `${lines.join("\n")}\n`);
    const [task] = await db
      .insert(tasks)
      .values({
        slug,
        title: `Task ${spec.key}`,
        inputFields: ["premise", "hypothesis"],
        labels: [...spec.labels],
        metrics: [...spec.metrics],
        datasetFiles: {
          splits: {
            test: {
              path: `${spec.key}/test.jsonl`,
              format: "jsonl",
              header: false,
              columns: { premise: "premise", hypothesis: "hypothesis", label: "label" },
              labelMap: Object.fromEntries(spec.labels.map((label) => [label, label])),
            },
          },
          source: { description: "Pairs written for the runner's tests", url: "https://example.com/tiny" },
        },
        publicSplitFraction: 0.5,
        splitSeed: 3,
      })
      .returning();
    rows.push({ task: task!, spec, slug });
  }
  const [track] = await db
    .insert(tracks)
    .values({
      competitionId: competition!.id,
      taskId: rows[0]!.task.id,
      hardwareProfileId: "cpu-1t",
      title: "Benchmark",
      qualityMetric: "benchmark_score",
      taskAggregate: "weighted-mean",
    })
    .returning();
  await db.insert(trackTasks).values(
    rows.map((row, position) => ({
      trackId: track!.id,
      taskId: row.task.id,
      position,
      metric: row.spec.metric,
      weight: row.spec.weight,
    })),
  );
  const bundlePath = path.join(tempDir, "benchmark.zip");
  await writeBenchmarkBundle(
    bundlePath,
    benchmarkEntries(rows.map((row) => ({ slug: row.slug, labels: row.spec.labels }))),
  );
  return {
    trackId: track!.id,
    teamId: team!.id,
    datasetsDir,
    bundlePath,
    tempDir,
    slugs: rows.map((row) => row.slug),
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}
