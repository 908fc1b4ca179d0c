import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { evaluations, tracks } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { rankBoard } from "../ranking/rank-board";
import { appErrorFrom } from "../../test-support/app-error";
import { addResults, addSubmission, createTeam, createUser, seedBoard } from "../../test-support/leaderboard-fixture";
import { getBoard, getPreparedBoard } from "./leaderboards";

const testDb = useTestDatabase();
const DAY = 86_400_000;

async function boardWithEveryKindOfEntry() {
  const db = testDb.db;
  const board = await seedBoard(db);
  const volts = await createTeam(db, "Volts");
  const amps = await createTeam(db, "Amps");
  const ids = {
    frugal: (
      await addSubmission(db, board, {
        teamId: volts,
        name: "frugal",
        accuracy: { public: 0.86, private: 0.7, ood: 0.8 },
        joulesPerInference: 0.01,
        energyCi: [0.009, 0.011],
        p90CiMs: [1.9, 2.2],
      })
    ).submissionId,
    hungry: (
      await addSubmission(db, board, {
        teamId: amps,
        name: "hungry",
        accuracy: { public: 0.9, private: 0.9471 },
        joulesPerInference: 0.5,
      })
    ).submissionId,
    hidden: (await addSubmission(db, board, { teamId: amps, name: "hidden", hidden: true })).submissionId,
    disqualified: (
      await addSubmission(db, board, { teamId: amps, name: "dq", disqualifiedReason: "trained on the test set" })
    ).submissionId,
    failed: (await addSubmission(db, board, { teamId: amps, name: "failed", evaluationState: "failed" })).submissionId,
    running: (await addSubmission(db, board, { teamId: amps, name: "running", evaluationState: "measuring" }))
      .submissionId,
    held: (await addSubmission(db, board, { teamId: amps, name: "held", heldForReview: true })).submissionId,
  };
  return { board, ids };
}

describe("getBoard", () => {
  it("shows visitors the finished, visible entries on the public part, with the runner's intervals", async () => {
    const { board, ids } = await boardWithEveryKindOfEntry();
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view.split).toBe("public");
    expect(view.viewerCanManage).toBe(false);
    expect(view.entries.map((e) => e.submissionId).sort()).toEqual([ids.frugal, ids.hungry].sort());
    const frugal = view.entries.find((e) => e.submissionId === ids.frugal)!;
    expect(frugal).toMatchObject({
      status: "finished",
      quality: 0.86,
      qualityOutOfDomain: 0.8,
      energyInterval: { low: 0.009, high: 0.011 },
      latencyP90Interval: { low: 1.9, high: 2.2 },
      latencyP50Interval: { low: 0.95, high: 1.05 },
      weightPrecision: "float32",
      parameters: 20_000,
      macsPerExample: 40_000,
    });
    // No interval in the runner's report: missing, not invented.
    expect(view.entries.find((e) => e.submissionId === ids.hungry)!.energyInterval).toBeNull();
    expect(rankBoard(view.entries, view.track.rules).map((r) => r.entry.modelName)).toEqual(["frugal", "hungry"]);
  });

  it("refuses visitors the private part before it is revealed, and never sends its scores", async () => {
    const { board } = await boardWithEveryKindOfEntry();
    const error = await appErrorFrom(
      getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId, split: "private" }),
    );
    expect(error.code).toBe("FORBIDDEN");
    const stranger = await createUser(testDb.db, "stranger");
    expect(
      (
        await appErrorFrom(
          getBoard(testDb.db, stranger, {
            competitionSlug: board.competitionSlug,
            trackId: board.trackId,
            split: "private",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(JSON.stringify(view)).not.toContain("0.9471");
  });

  it("lets organizers see the private part early, and hidden, disqualified, failed and unfinished entries with their status", async () => {
    const { board, ids } = await boardWithEveryKindOfEntry();
    const view = await getBoard(testDb.db, board.organizerId, {
      competitionSlug: board.competitionSlug,
      trackId: board.trackId,
      split: "private",
    });
    expect(view.viewerCanManage).toBe(true);
    expect(view.split).toBe("private");
    expect(view.privateRevealed).toBe(false);
    const statusOf = (id: string) => view.entries.find((e) => e.submissionId === id)!.status;
    expect([ids.hidden, ids.disqualified, ids.failed, ids.running, ids.held].map(statusOf)).toEqual([
      "hidden",
      "disqualified",
      "failed",
      "unfinished",
      "held-for-review",
    ]);
    expect(view.entries.find((e) => e.submissionId === ids.hungry)!.quality).toBe(0.9471);
    const ranked = rankBoard(view.entries, view.track.rules).filter((r) => r.section === "ranked");
    expect(ranked.map((r) => r.entry.modelName)).toEqual(["hungry"]); // frugal is below the threshold on the private part
  });

  it("ranks on the private part once the final phase has ended", async () => {
    const now = Date.now();
    const board = await seedBoard(testDb.db, {
      phases: [
        { kind: "development", startsAt: new Date(now - 20 * DAY), endsAt: new Date(now - 10 * DAY) },
        { kind: "final", startsAt: new Date(now - 10 * DAY), endsAt: new Date(now - DAY) },
      ],
    });
    const team = await createTeam(testDb.db, "Volts");
    await addSubmission(testDb.db, board, { teamId: team, accuracy: { public: 0.81, private: 0.83 } });
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view).toMatchObject({ split: "private", privateRevealed: true });
    expect(view.entries[0]!.quality).toBe(0.83);
  });

  it("keeps a published result on the board while a re-run is in progress", async () => {
    const board = await seedBoard(testDb.db);
    const team = await createTeam(testDb.db, "Volts");
    const { submissionId } = await addSubmission(testDb.db, board, { teamId: team, accuracy: { public: 0.88 } });
    await testDb.db.insert(evaluations).values({
      submissionId,
      hardwareProfileId: "cpu-1t",
      state: "evaluating",
      createdAt: new Date(Date.now() + 1000),
    });
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view.entries).toHaveLength(1);
    expect(view.entries[0]).toMatchObject({ status: "finished", quality: 0.88 });
  });

  it("counts the latest finished evaluation when a re-run has finished", async () => {
    const board = await seedBoard(testDb.db);
    const team = await createTeam(testDb.db, "Volts");
    const { submissionId } = await addSubmission(testDb.db, board, {
      teamId: team,
      accuracy: { public: 0.88 },
      joulesPerInference: 0.3,
    });
    const [rerun] = await testDb.db
      .insert(evaluations)
      .values({ submissionId, hardwareProfileId: "cpu-1t", state: "finished", createdAt: new Date(Date.now() + 1000) })
      .returning();
    await addResults(testDb.db, rerun!.id, { teamId: team, accuracy: { public: 0.88 }, joulesPerInference: 0.2 });
    const view = await getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId });
    expect(view.entries.map((e) => e.energyJoulesPerInference)).toEqual([0.2]);
  });

  it("answers NOT_FOUND for a private or draft competition to visitors, and for a track of another competition", async () => {
    for (const options of [{ visibility: "private" as const }, { status: "draft" as const }]) {
      const board = await seedBoard(testDb.db, options);
      expect(
        (
          await appErrorFrom(
            getBoard(testDb.db, null, { competitionSlug: board.competitionSlug, trackId: board.trackId }),
          )
        ).code,
      ).toBe("NOT_FOUND");
      const organizerView = await getBoard(testDb.db, board.organizerId, {
        competitionSlug: board.competitionSlug,
        trackId: board.trackId,
      });
      expect(organizerView.viewerCanManage).toBe(true);
    }
    const first = await seedBoard(testDb.db);
    const second = await seedBoard(testDb.db);
    const error = await appErrorFrom(
      getBoard(testDb.db, null, { competitionSlug: first.competitionSlug, trackId: second.trackId }),
    );
    expect(error).toMatchObject({ code: "NOT_FOUND", message: "Track not found." });
  });

  it("serves a cached board for the track's current quality metric (a change of metric is not a change of its rows)", async () => {
    const db = testDb.db;
    const board = await seedBoard(db);
    const team = await createTeam(db, "Volts");
    await addSubmission(db, board, {
      teamId: team,
      name: "frugal",
      accuracy: { public: 0.86 },
      joulesPerInference: 0.01,
    });
    const request = { competitionSlug: board.competitionSlug, trackId: board.trackId, scope: "team-best" as const };
    expect((await getPreparedBoard(db, null, request)).entries[0]!.quality).toBeCloseTo(0.86);
    await db.update(tracks).set({ qualityMetric: "macro_f1" }).where(eq(tracks.id, board.trackId));
    expect((await getPreparedBoard(db, null, request)).entries[0]!.quality).toBeCloseTo(0.85);
  });
});
