import { describe, expect, it } from "vitest";
import { evaluations } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { addSubmission, createTeam, createUser, seedBoard } from "../../test-support/leaderboard-fixture";
import { getModelPage } from "./model-page";

const testDb = useTestDatabase();

describe("getModelPage", () => {
  it("shows a visitor a model on the public board: measurement, public and OOD splits, history, without the private split or error messages", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const team = await createTeam(db, "Volts");
    const { submissionId } = await addSubmission(db, board, {
      teamId: team,
      name: "frugal",
      accuracy: { public: 0.86, private: 0.8123, ood: 0.8 },
      disclosures: { trainingEnergyKwh: 2 },
    });
    await db.insert(evaluations).values({
      submissionId,
      hardwareProfileId: "cpu-1t",
      state: "failed",
      errorMessage: "secret path /models/x",
      createdAt: new Date(Date.now() + 1000),
    });
    const page = await getModelPage(db, null, submissionId);
    expect(page.counted?.splits.map((s) => s.split)).toEqual(["ood:reviews", "public"]);
    expect(page.counted?.measurement.energyJoulesPerInference).toBe(0.01);
    expect(page.history.map((h) => h.state)).toEqual(["failed", "finished"]);
    expect(page.history[0]!.errorMessage).toBeNull();
    expect(page.disclosures).toEqual({ trainingEnergyKwh: 2 });
    expect(JSON.stringify(page)).not.toContain("0.8123");
  });

  it("shows the team and organizers the private split and error messages", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const member = await createUser(db, "member");
    const team = await createTeam(db, "Volts", member);
    const { submissionId } = await addSubmission(db, board, {
      teamId: team,
      accuracy: { public: 0.86, private: 0.8123 },
    });
    const organizerView = await getModelPage(db, board.organizerId, submissionId);
    expect(organizerView.counted?.splits.map((s) => s.split)).toEqual(["private", "public"]);
    const teamView = await getModelPage(db, member, submissionId);
    expect(teamView.viewerIsTeam).toBe(true);
    expect(teamView.counted?.splits.map((s) => s.split)).toEqual(["public"]); // the team waits for the reveal like everyone
  });

  it("hides hidden, disqualified and unfinished models from visitors and other teams, but not from their team or organizers", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const member = await createUser(db, "member");
    const team = await createTeam(db, "Volts", member);
    const stranger = await createUser(db, "stranger");
    for (const figures of [
      { hidden: true },
      { disqualifiedReason: "test set in training data" },
      { evaluationState: "evaluating" as const },
      { heldForReview: true },
    ]) {
      const { submissionId } = await addSubmission(db, board, { teamId: team, ...figures });
      expect((await appErrorFrom(getModelPage(db, null, submissionId))).code).toBe("NOT_FOUND");
      expect((await appErrorFrom(getModelPage(db, stranger, submissionId))).code).toBe("NOT_FOUND");
      expect((await getModelPage(db, member, submissionId)).submissionId).toBe(submissionId);
      expect((await getModelPage(db, board.organizerId, submissionId)).submissionId).toBe(submissionId);
    }
  });

  it("answers NOT_FOUND for an unknown id and for a model of a private competition", async () => {
    const db = testDb.db;
    expect((await appErrorFrom(getModelPage(db, null, "no-such-id"))).message).toBe("Model not found.");
    const board = await seedBoard(db, { visibility: "private" });
    const team = await createTeam(db, "Volts");
    const { submissionId } = await addSubmission(db, board, { teamId: team });
    expect((await appErrorFrom(getModelPage(db, null, submissionId))).message).toBe("Model not found.");
  });
});
