/**
 * A multi-task evaluation measured for real in the sandbox, from a claimed job to the stored rows: each task
 * measured under the single-task protocol, the aggregates stored beside them and equal to what the per-task rows
 * give when recomputed by hand.
 */
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations, results } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { runEvaluation, type EvaluationSettings } from "./run-evaluation";
import { BENCHMARK_TASKS, seedBenchmarkTrack, type BenchmarkTrack } from "../../test-support/runner/benchmark-fixtures";
import { claimedEvaluation } from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: BenchmarkTrack;
let settings: EvaluationSettings;
const log: string[] = [];

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  track = await seedBenchmarkTrack(testDb.db);
  settings = {
    datasetsRoot: track.datasetsDir,
    storageRoot: track.tempDir,
    childBundleDir: path.join(track.tempDir, "child"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 10, minDurationMs: 100, throughputMinDurationMs: 100 },
    sandbox: true,
  };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

describe("runEvaluation on a multi-task track", () => {
  it("measures every task in one evaluation and stores per-task rows and the aggregates", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(await runEvaluation(testDb.db, boss, "r1", claim, settings, (line) => log.push(line))).toBe("finished");

    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, claim.evaluationId))
      .orderBy(asc(evaluationEvents.id));
    expect(events.map((event) => event.state)).toEqual(["queued", "validating", "evaluating", "measuring", "finished"]);

    const rows = await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId));
    const bySplit = new Map(rows.map((row) => [row.split, row]));
    const [yesno, three, pairs] = track.slugs;
    expect([...bySplit.keys()].sort()).toEqual(
      ["private", "public", ...track.slugs.flatMap((slug) => [`task:${slug}:private`, `task:${slug}:public`])].sort(),
    );

    for (const part of ["public", "private"]) {
      const aggregate = bySplit.get(part)!;
      const taskRow = (slug: string) => bySplit.get(`task:${slug}:${part}`)!;
      // By hand from the per-task rows: the third task's metric is the mean of macro-F1 and accuracy; weights 1, 1, 2.
      const threeScore = (taskRow(three!).metrics.accuracy! + taskRow(three!).metrics.macro_f1!) / 2;
      const expected = (taskRow(yesno!).metrics.accuracy! + threeScore + 2 * taskRow(pairs!).metrics.accuracy!) / 4;
      expect(aggregate.metrics.benchmark_score).toBeCloseTo(expected, 12);
      expect(aggregate.metrics[`task:${three}`]).toBeCloseTo(threeScore, 12);
      expect(taskRow(three!).metrics.f1_accuracy_mean).toBeCloseTo(threeScore, 12);
      // Benchmark energy: each task's joules per inference × its whole test size.
      const energy = BENCHMARK_TASKS.reduce(
        (sum, spec, index) => sum + taskRow(track.slugs[index]!).energyJoulesPerInference! * spec.examples,
        0,
      );
      const answers = BENCHMARK_TASKS.reduce((sum, spec) => sum + spec.examples, 0);
      expect((aggregate.details as { benchmark: { energyJoules: number } }).benchmark.energyJoules).toBeCloseTo(
        energy,
        12,
      );
      expect(aggregate.energyJoulesPerInference).toBeCloseTo(energy / answers, 12);
      expect(aggregate.latencyP90Ms).toBe(Math.max(...track.slugs.map((slug) => taskRow(slug).latencyP90Ms!)));
      expect(aggregate.examples).toBe(track.slugs.reduce((sum, slug) => sum + taskRow(slug).examples, 0));
    }
    expect(log).toContain(`finished evaluation ${claim.evaluationId} attempt 1`);
  }, 120_000);

  it("re-measures a noisy task on its own, within the same claim, and marks the aggregate noisy with the task named", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    // An interval limit of 0 makes every task noisy: each is re-measured once, then recorded as it is.
    const protocol = { ...settings.protocol, noisyLatencyP50Width: 0, maxReruns: 1 };
    expect(await runEvaluation(testDb.db, boss, "r1", claim, { ...settings, protocol }, (line) => log.push(line))).toBe(
      "finished",
    );
    const rows = await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId));
    for (const slug of track.slugs)
      expect(rows.find((row) => row.split === `task:${slug}:public`)).toMatchObject({ noisy: true, reruns: 1 });
    const aggregate = rows.find((row) => row.split === "public")!;
    expect(aggregate).toMatchObject({ noisy: true, reruns: 3 });
    expect(aggregate.noisyReasons.some((reason) => reason.startsWith(`${track.slugs[1]}: `))).toBe(true);
    expect(
      log.some((line) =>
        line.startsWith(`evaluation ${claim.evaluationId}: ${track.slugs[0]}: re-measuring (1 of at most 1)`),
      ),
    ).toBe(true);
  }, 180_000);

  it("fails, as the team's fault, a bundle that lacks a task", async () => {
    const { writeBenchmarkBundle, benchmarkEntries } = await import(
      "../../test-support/multitask/benchmark-bundle-fixture"
    );
    const partial = path.join(track.tempDir, "partial.zip");
    await writeBenchmarkBundle(partial, benchmarkEntries([{ slug: track.slugs[0]!, labels: ["no", "yes"] }]));
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1", partial);
    expect(await runEvaluation(testDb.db, boss, "r1", claim, settings, (line) => log.push(line))).toBe("failed");
    const [row] = await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId));
    expect(row).toBeUndefined();
    const [evaluation] = await testDb.db.select().from(evaluations).where(eq(evaluations.id, claim.evaluationId));
    expect(evaluation).toMatchObject({ state: "failed", errorCode: "BENCHMARK_LAYOUT" });
    expect(evaluation!.errorMessage).toContain(`no folder for task "${track.slugs[1]}"`);
  }, 60_000);
});
