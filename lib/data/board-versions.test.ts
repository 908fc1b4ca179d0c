/**
 * The triggers of migration 0009: every change the board shows moves its track's version (so cached boards are
 * recomputed), and the runner's frequent progress writes do not.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { evaluations, results, submissions, teams } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { addSubmission, createTeam, seedBoard } from "../../test-support/leaderboard-fixture";
import { boardVersion } from "./leaderboards";

const testDb = useTestDatabase();

describe("board versions", () => {
  it("move with every change a board shows, on that track only", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const otherBoard = await seedBoard(db);
    const team = await createTeam(db, "Volts");
    const version = () => boardVersion(db, board.trackId).then(Number);
    const otherBefore = await boardVersion(db, otherBoard.trackId);

    let last = await version();
    const expectMoved = async (what: string) => {
      const now = await version();
      expect(now, what).toBeGreaterThan(last);
      last = now;
    };

    const { submissionId, evaluationId } = await addSubmission(db, board, {
      teamId: team,
      name: "frugal",
      accuracy: { public: 0.86 },
      joulesPerInference: 0.01,
    });
    await expectMoved("a new submission with its evaluation and results");

    await db.update(evaluations).set({ progress: 0.5, log: "block 3 of 10" }).where(eq(evaluations.id, evaluationId));
    expect(await version(), "the runner's progress and log lines").toBe(last);

    await db.update(evaluations).set({ state: "failed" }).where(eq(evaluations.id, evaluationId));
    await expectMoved("an evaluation's state");

    await db.update(results).set({ heldForReview: true }).where(eq(results.evaluationId, evaluationId));
    await expectMoved("a result held for review");

    await db.update(submissions).set({ hidden: true }).where(eq(submissions.id, submissionId));
    await expectMoved("a submission hidden by an organizer");

    await db.update(teams).set({ name: "Volts renamed" }).where(eq(teams.id, team));
    await expectMoved("the team's name");

    await db.delete(results).where(eq(results.evaluationId, evaluationId));
    await expectMoved("results deleted");

    await db.delete(submissions).where(eq(submissions.id, submissionId));
    await expectMoved("a submission deleted");

    expect(await boardVersion(db, otherBoard.trackId), "another track's board").toBe(otherBefore);
  });

  it("move once per statement, however many rows it writes (a bulk insert stays linear)", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const team = await createTeam(db, "Bulk");
    const before = Number(await boardVersion(db, board.trackId));
    const rows = Array.from({ length: 500 }, (_, i) => ({
      teamId: team,
      trackId: board.trackId,
      name: `bulk-${i}`,
      artifactPath: "bundle.zip",
      sha256: String(i).padStart(64, "0"),
      sizeBytes: 4096,
    }));
    await db.insert(submissions).values(rows);
    expect(Number(await boardVersion(db, board.trackId))).toBe(before + 1);
    await db.update(submissions).set({ hidden: true }).where(eq(submissions.trackId, board.trackId));
    expect(Number(await boardVersion(db, board.trackId))).toBe(before + 2);
  });
});
