/** A result the hidden audit split flagged (results.held_for_review) is not on the public board until reviewed. */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { addSubmission, createTeam, seedBoard } from "../../test-support/leaderboard-fixture";
import { getBoard } from "./leaderboards";

const testDb = useTestDatabase();

describe("a result held for review", () => {
  it("is kept off the public board, while the others are ranked", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const team = await createTeam(db, "Lookups");
    const honest = await addSubmission(db, board, { teamId: team, name: "honest", accuracy: { public: 0.86 } });
    await addSubmission(db, board, { teamId: team, name: "memorizer", accuracy: { public: 1 }, heldForReview: true });
    const view = await getBoard(db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view.entries.map((entry) => entry.submissionId)).toEqual([honest.submissionId]);
  });
});
