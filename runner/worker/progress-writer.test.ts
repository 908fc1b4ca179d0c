import { asc, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { ProgressWriter } from "./progress-writer";
import {
  claimedEvaluation,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  track = await seedEvaluationTrack(testDb.db);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const evaluationRow = async (id: string) =>
  (await testDb.db.select().from(evaluations).where(eq(evaluations.id, id)))[0]!;
const events = async (id: string) =>
  testDb.db
    .select()
    .from(evaluationEvents)
    .where(eq(evaluationEvents.evaluationId, id))
    .orderBy(asc(evaluationEvents.id));

describe("ProgressWriter", () => {
  it("writes every new stage at once with its event, and the fraction in between at most every interval", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    const writer = new ProgressWriter(testDb.db, {
      evaluationId: claim.evaluationId,
      attempt: 1,
      runnerId: "r1",
      initialStage: "validating",
      minIntervalMs: 300,
      log: () => {},
    });

    writer.update({ stage: "validating", fraction: 0 }); // the claim wrote this stage already
    writer.update({ stage: "evaluating", fraction: 0.05 });
    for (let step = 1; step <= 50; step += 1) writer.update({ stage: "evaluating", fraction: 0.05 + step * 0.004 });
    expect(await writer.flush()).toBe(true);
    expect(writer.writeCount).toBe(1);
    expect((await evaluationRow(claim.evaluationId)).progress).toBe(0.05);

    await sleep(350);
    writer.update({ stage: "evaluating", fraction: 0.28 });
    writer.update({ stage: "evaluating", fraction: 0.29 });
    writer.update({ stage: "measuring", fraction: 0.3, detail: "latency pass, repeat 1 of 1" });
    expect(await writer.flush()).toBe(true);
    expect(writer.writeCount).toBe(3);
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "measuring", progress: 0.3 });
    expect(
      (await events(claim.evaluationId)).map((event) => [event.state, event.attempt, event.runnerId, event.message]),
    ).toEqual([
      ["queued", 0, null, "queued on evaluate.cpu-1t"],
      ["validating", 1, "r1", "claimed by runner r1 (attempt 1 of 3)"],
      ["evaluating", 1, "r1", null],
      ["measuring", 1, "r1", "latency pass, repeat 1 of 1"],
    ]);
  });

  it("stops writing, and says so, once the evaluation has gone to another attempt", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    const log: string[] = [];
    const writer = new ProgressWriter(testDb.db, {
      evaluationId: claim.evaluationId,
      attempt: 1,
      runnerId: "r1",
      initialStage: "validating",
      minIntervalMs: 0,
      log: (line) => log.push(line),
    });
    // Another runner claimed it meanwhile.
    await testDb.db
      .update(evaluations)
      .set({ attempts: 2, runnerId: "r2" })
      .where(eq(evaluations.id, claim.evaluationId));

    writer.update({ stage: "evaluating", fraction: 0.05 });
    writer.update({ stage: "evaluating", fraction: 0.2 });
    writer.update({ stage: "measuring", fraction: 0.3 });
    expect(await writer.flush()).toBe(false);
    expect(writer.writeCount).toBe(1);
    expect(log).toEqual([
      `evaluation ${claim.evaluationId} attempt 1 is no longer ours; its outcome will be discarded`,
    ]);
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "validating", progress: 0 });
    expect((await events(claim.evaluationId)).map((event) => event.state)).toEqual(["queued", "validating"]);
  });

  it("never moves the bar back within an attempt, and announces a re-measure with its reason and label", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    const writer = new ProgressWriter(testDb.db, {
      evaluationId: claim.evaluationId,
      attempt: 1,
      runnerId: "r1",
      initialStage: "validating",
      minIntervalMs: 0,
      log: () => {},
    });
    const shown: number[] = [];
    const step = async (report: () => void) => {
      report();
      expect(await writer.flush()).toBe(true);
      shown.push((await evaluationRow(claim.evaluationId)).progress);
    };

    await step(() => writer.update({ stage: "measuring", fraction: 0.62, detail: "latency pass, block 5 of 10" }));
    expect((await evaluationRow(claim.evaluationId)).progressDetail).toBe("latency pass, block 5 of 10");
    // A late, lower report (a slower block's message) must not pull the bar back.
    await step(() => writer.update({ stage: "measuring", fraction: 0.55, detail: "idle pass, block 5 of 10" }));
    expect((await evaluationRow(claim.evaluationId)).progressDetail).toBe("idle pass, block 5 of 10");
    await step(() => writer.beginRerun(1, 2, ["energy interval is 8.0% of its value wide (limit 3.0%)"]));
    // The re-measure starts its own evaluation over: validating, evaluating, then measuring from 0.3.
    await step(() => writer.update({ stage: "validating", fraction: 0 }));
    await step(() => writer.update({ stage: "evaluating", fraction: 0.05 }));
    await step(() => writer.update({ stage: "measuring", fraction: 0.34, detail: "latency pass, block 1 of 10" }));
    await step(() => writer.update({ stage: "measuring", fraction: 1, detail: "throughput pass, block 10 of 10" }));

    for (let index = 1; index < shown.length; index += 1)
      expect(shown[index]).toBeGreaterThanOrEqual(shown[index - 1]!);
    expect(shown[0]).toBe(0.62);
    expect(shown.at(-2)).toBeCloseTo(0.62 + 0.38 * 0.34);
    expect(shown.at(-1)).toBe(1);
    const row = await evaluationRow(claim.evaluationId);
    expect(row).toMatchObject({
      state: "measuring",
      progressDetail: "re-measuring (1 of at most 2): throughput pass, block 10 of 10",
    });
    const timeline = (await events(claim.evaluationId)).map((event) => [event.state, event.message]);
    expect(timeline).toContainEqual([
      "measuring",
      "re-measuring (1 of at most 2) because energy interval is 8.0% of its value wide (limit 3.0%)",
    ]);
    // The re-measure never sends the timeline back to validating or evaluating.
    expect(timeline.slice(-1)).toEqual([
      ["measuring", "re-measuring (1 of at most 2) because energy interval is 8.0% of its value wide (limit 3.0%)"],
    ]);
  });
});
