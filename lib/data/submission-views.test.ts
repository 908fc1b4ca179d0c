import { createReadStream } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competitionOrganizers, evaluations, phases, results, runners, submissions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { LocalArtifactStore } from "../storage/local-store";
import { appErrorFrom } from "../../test-support/app-error";
import {
  createTeam,
  createUser,
  seedCompetition,
  writeFixtureBundle,
  type CompetitionFixture,
} from "../../test-support/competition-fixture";
import { cancelSubmission, resubmitSubmission } from "./submission-actions";
import { getSubmission, listMySubmissions } from "./submission-views";
import { resolveSubmissionTarget, submitBundle } from "./submissions";

const testDb = useTestDatabase();
let boss: PgBoss;
let item: CompetitionFixture;
let submissionId: string;
let evaluationId: string;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  item = await seedCompetition(testDb.db);
  const store = new LocalArtifactStore(path.join(item.tempDir, "storage"));
  const file = await writeFixtureBundle(path.join(item.tempDir, "bundle.zip"));
  const target = await resolveSubmissionTarget(testDb.db, item.ownerId, item.competitionSlug, {
    teamId: item.teamId,
    name: "tiny",
    trackIds: [item.trackId],
  });
  const outcome = await submitBundle(
    { db: testDb.db, queue: boss, store },
    target,
    item.ownerId,
    createReadStream(file),
  );
  submissionId = outcome.submissions[0]!.id;
  evaluationId = outcome.submissions[0]!.evaluationId;
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await item.cleanup();
});

describe("the submission page's data", () => {
  it("shows the team its queued submission with its timeline, and says no runner serves the profile", async () => {
    const view = await getSubmission(testDb.db, item.ownerId, submissionId);
    expect(view).toMatchObject({
      name: "tiny",
      state: "queued",
      evaluation: { state: "queued" },
      waitingForRunner: true,
      canCancel: true,
      canResubmit: false,
    });
    expect(view.events.map((event) => event.state)).toEqual(["queued"]);
    const [listed] = await listMySubmissions(testDb.db, item.ownerId);
    expect(listed).toMatchObject({ id: submissionId, evaluationState: "queued" });
  });

  it("stops saying so once a live runner serves the profile", async () => {
    await testDb.db
      .insert(runners)
      .values({ id: "runner-a", hostname: "h", hardwareProfileIds: ["cpu-1t"], version: "1" });
    expect((await getSubmission(testDb.db, item.ownerId, submissionId)).waitingForRunner).toBe(false);
    await testDb.db.delete(runners).where(eq(runners.id, "runner-a"));
  });

  it("is not found for a visitor, another team's member, and an organizer of another competition; organizers of this one see it", async () => {
    expect((await appErrorFrom(getSubmission(testDb.db, null, submissionId))).code).toBe("NOT_FOUND");
    const stranger = await createUser(testDb.db, "stranger");
    await createTeam(testDb.db, stranger, "Others");
    expect((await appErrorFrom(getSubmission(testDb.db, stranger, submissionId))).code).toBe("NOT_FOUND");
    expect((await appErrorFrom(cancelSubmission(testDb.db, boss, stranger, submissionId))).code).toBe("NOT_FOUND");
    const otherOrganizer = await createUser(testDb.db, "other-organizer");
    const other = await seedCompetition(testDb.db);
    await testDb.db
      .insert(competitionOrganizers)
      .values({ competitionId: other.competitionId, userId: otherOrganizer });
    expect((await appErrorFrom(getSubmission(testDb.db, otherOrganizer, submissionId))).code).toBe("NOT_FOUND");
    const organizer = await createUser(testDb.db, "organizer");
    await testDb.db.insert(competitionOrganizers).values({ competitionId: item.competitionId, userId: organizer });
    expect((await getSubmission(testDb.db, organizer, submissionId)).id).toBe(submissionId);
    await other.cleanup();
  });

  it("cancels while queued, then resubmits as a new evaluation of the same submission", async () => {
    await cancelSubmission(testDb.db, boss, item.ownerId, submissionId);
    const cancelled = await getSubmission(testDb.db, item.ownerId, submissionId);
    expect(cancelled).toMatchObject({ evaluation: { state: "cancelled" }, canCancel: false, canResubmit: true });
    expect((await appErrorFrom(cancelSubmission(testDb.db, boss, item.ownerId, submissionId))).code).toBe("CONFLICT");
    const { evaluationId: again } = await resubmitSubmission(testDb.db, boss, item.ownerId, submissionId);
    const view = await getSubmission(testDb.db, item.ownerId, submissionId);
    expect(view.evaluation?.id).toBe(again);
    expect(view.events.map((event) => event.state)).toEqual(["queued", "cancelled", "queued"]);
    evaluationId = again;
  });

  it("shows public results to the team, and private ones only once the competition reveals them", async () => {
    await testDb.db.update(evaluations).set({ state: "finished", progress: 1 }).where(eq(evaluations.id, evaluationId));
    await testDb.db.update(submissions).set({ state: "scored" }).where(eq(submissions.id, submissionId));
    for (const split of ["public", "private"]) {
      await testDb.db.insert(results).values({
        evaluationId,
        split,
        examples: 20,
        metrics: { accuracy: split === "public" ? 0.7 : 0.6 },
        energyWhPerThousand: 0.01,
      });
    }
    const before = await getSubmission(testDb.db, item.ownerId, submissionId);
    expect(before.results.map((result) => result.split)).toEqual(["public"]);
    expect(before.privateResultsHidden).toBe(true);
    await testDb.db.update(phases).set({ revealPrivate: true }).where(eq(phases.id, item.phaseId));
    const after = await getSubmission(testDb.db, item.ownerId, submissionId);
    expect(after.results.map((result) => result.split).sort()).toEqual(["private", "public"]);
  });

  it("refuses to resubmit outside an open phase", async () => {
    await testDb.db.update(evaluations).set({ state: "failed" }).where(eq(evaluations.id, evaluationId));
    await testDb.db
      .update(phases)
      .set({ endsAt: new Date(Date.now() - 1000), startsAt: new Date(Date.now() - 60_000) })
      .where(eq(phases.id, item.phaseId));
    expect((await appErrorFrom(resubmitSubmission(testDb.db, boss, item.ownerId, submissionId))).code).toBe(
      "PHASE_CLOSED",
    );
  });
});
