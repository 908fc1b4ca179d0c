/**
 * Re-rolling a result, on a real database and queue: a team cannot resubmit a scored submission, and organizers'
 * re-runs are combined on the board by their median (lib/ranking/repeated-measurements.ts), not by the latest or
 * the best; a re-run under a newer protocol replaces the older measurements, and the model page says so.
 */
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import {
  addResults,
  addSubmission,
  createTeam,
  createUser,
  seedBoard,
  type BoardFixture,
} from "../../test-support/leaderboard-fixture";
import { getBoard } from "./leaderboards";
import { getModelPage } from "./model-page";
import { rerunSubmission } from "./moderation";
import { resubmitSubmission } from "./submission-actions";
import { getSubmission } from "./submission-views";

const testDb = useTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
});

/** An organizer's re-run, finished by hand as a runner would finish it, with its own energy figure. */
async function organizerRerun(
  board: BoardFixture,
  submissionId: string,
  teamId: string,
  joules: number,
  protocol = "test",
) {
  const { evaluationId } = await rerunSubmission(testDb.db, boss, board.organizerId, submissionId);
  await testDb.db
    .update(evaluations)
    .set({ state: "finished", finishedAt: new Date(), versions: { protocol } })
    .where(eq(evaluations.id, evaluationId));
  await addResults(testDb.db, evaluationId, {
    teamId,
    accuracy: { public: 0.86 },
    joulesPerInference: joules,
    energyCi: [joules * 0.95, joules * 1.05],
  });
  return evaluationId;
}

async function boardEntryOf(board: BoardFixture, submissionId: string) {
  const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
  return view.entries.find((entry) => entry.submissionId === submissionId)!;
}

describe("re-rolling a scored result", () => {
  it("refuses a team's resubmit once an evaluation finished, and allows it after a failure", async () => {
    const board = await seedBoard(testDb.db);
    const member = await createUser(testDb.db, "member");
    const team = await createTeam(testDb.db, "Volts", member);
    const scored = await addSubmission(testDb.db, board, { teamId: team, joulesPerInference: 0.3 });
    expect((await getSubmission(testDb.db, member, scored.submissionId)).canResubmit).toBe(false);
    const refusal = await appErrorFrom(resubmitSubmission(testDb.db, boss, member, scored.submissionId));
    expect(refusal.code).toBe("ALREADY_SCORED");
    expect(
      await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, scored.submissionId)),
    ).toHaveLength(1);

    const failed = await addSubmission(testDb.db, board, { teamId: team, evaluationState: "failed" });
    expect((await getSubmission(testDb.db, member, failed.submissionId)).canResubmit).toBe(true);
    const { evaluationId } = await resubmitSubmission(testDb.db, boss, member, failed.submissionId);
    expect(evaluationId).not.toBe(failed.evaluationId);
  });

  it("shows the median of five organizer re-runs on the board, not the best of them, and lists each on the model page", async () => {
    const board = await seedBoard(testDb.db);
    const team = await createTeam(testDb.db, "Volts");
    const figures = [0.3, 0.1, 0.5, 0.2, 0.4];
    const { submissionId } = await addSubmission(testDb.db, board, {
      teamId: team,
      accuracy: { public: 0.86 },
      joulesPerInference: figures[0],
      energyCi: [0.285, 0.315],
    });
    for (const joules of figures.slice(1)) {
      await organizerRerun(board, submissionId, team, joules);
      const entry = await boardEntryOf(board, submissionId);
      // After each re-run the board never moves to the best figure so far.
      expect(entry.energyJoulesPerInference).toBeGreaterThan(0.1);
    }
    const entry = await boardEntryOf(board, submissionId);
    expect(entry.energyJoulesPerInference).toBeCloseTo(0.3);
    expect(entry.energyJoulesPerInference).not.toBeCloseTo(Math.min(...figures));
    expect(entry.measurementCount).toBe(5);
    expect(entry.energyInterval!.low).toBeCloseTo(0.095);
    expect(entry.energyInterval!.high).toBeCloseTo(0.525);

    const page = await getModelPage(testDb.db, null, submissionId);
    expect(page.measurements.filter((measurement) => measurement.counted)).toHaveLength(5);
    expect(page.measurements.map((measurement) => measurement.energyJoulesPerInference).sort()).toEqual(
      [...figures].sort(),
    );
    expect(page.countedProtocol).toBe("test");

    // A re-run under a newer protocol is a new measurement: it replaces the five, and the page says which.
    await organizerRerun(board, submissionId, team, 0.25, "test-2");
    const replaced = await boardEntryOf(board, submissionId);
    expect(replaced).toMatchObject({ energyJoulesPerInference: 0.25, measurementCount: 1 });
    const after = await getModelPage(testDb.db, null, submissionId);
    expect(after.countedProtocol).toBe("test-2");
    expect(
      after.measurements.filter((measurement) => !measurement.counted).map((measurement) => measurement.protocol),
    ).toEqual(["test", "test", "test", "test", "test"]);
  });

  it("keeps the whole submission off the public board while any counted re-run is held for review", async () => {
    const board = await seedBoard(testDb.db);
    const team = await createTeam(testDb.db, "Volts");
    const { submissionId } = await addSubmission(testDb.db, board, { teamId: team, joulesPerInference: 0.3 });
    const { evaluationId } = await rerunSubmission(testDb.db, boss, board.organizerId, submissionId);
    await testDb.db
      .update(evaluations)
      .set({ state: "finished", versions: { protocol: "test" } })
      .where(eq(evaluations.id, evaluationId));
    await addResults(testDb.db, evaluationId, { teamId: team, joulesPerInference: 0.2, heldForReview: true });
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view.entries).toHaveLength(0);
    const organizerView = await getBoard(testDb.db, board.organizerId, {
      competitionSlug: board.competitionSlug,
      trackId: board.trackId,
    });
    expect(organizerView.entries[0]).toMatchObject({ status: "held-for-review", measurementCount: 2 });
  });
});
