import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, submissions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { recordStateChange } from "./evaluations";
import { listTrackSubmissionsForModeration, moderateSubmission, rerunSubmission, rerunTrack } from "./moderation";
import { queueOverview } from "./queue-overview";
import { createCompetitionWorld, type CompetitionWorld } from "../../test-support/data/competition-world";

const testDb = useTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
});

async function submit(world: CompetitionWorld, name: string): Promise<string> {
  const [row] = await testDb.db
    .insert(submissions)
    .values({
      teamId: world.teamId,
      trackId: world.track.id,
      name,
      artifactPath: `submissions/${name}.zip`,
      sha256: "0".repeat(64),
      sizeBytes: 1,
    })
    .returning({ id: submissions.id });
  return row!.id;
}

/** Finishes the pending evaluation of a submission as a runner would. */
async function finish(submissionId: string) {
  const [pending] = await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, submissionId));
  await recordStateChange(testDb.db, {
    evaluationId: pending!.id,
    attempt: pending!.attempts,
    runnerId: null,
    state: "finished",
    progress: 1,
  });
}

describe("moderation", () => {
  it("hides and disqualifies with a reason, marks baselines; only the competition's managers may", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const submissionId = await submit(world, "first");
    for (const actor of [null, world.memberId, world.otherOrganizerId]) {
      const error = await appErrorFrom(
        moderateSubmission(testDb.db, actor, submissionId, { hiddenReason: "Copied weights" }),
      );
      expect(["NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED"]).toContain(error.code);
    }
    expect(
      (await appErrorFrom(moderateSubmission(testDb.db, world.organizerId, submissionId, { hiddenReason: "no" })))
        .message,
    ).toMatch(/reason of at least 5/);
    const hidden = await moderateSubmission(testDb.db, world.organizerId, submissionId, {
      hiddenReason: "Under review for data leakage",
    });
    expect(hidden).toMatchObject({
      hidden: true,
      hiddenReason: "Under review for data leakage",
      disqualifiedReason: null,
    });
    const disqualified = await moderateSubmission(testDb.db, world.adminId, submissionId, {
      hiddenReason: null,
      disqualifiedReason: "Trained on the test set",
    });
    expect(disqualified).toMatchObject({
      hidden: false,
      hiddenReason: null,
      disqualifiedReason: "Trained on the test set",
    });
    const baseline = await moderateSubmission(testDb.db, world.organizerId, submissionId, {
      disqualifiedReason: null,
      isBaseline: true,
    });
    expect(baseline).toMatchObject({ disqualifiedReason: null, isBaseline: true });
  });

  it("re-running keeps earlier evaluations, refuses while one is pending, and a track re-run skips what it must", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const first = await submit(world, "first");
    const second = await submit(world, "second");
    const dropped = await submit(world, "dropped");
    await moderateSubmission(testDb.db, world.organizerId, dropped, { disqualifiedReason: "Duplicate team account" });

    expect((await appErrorFrom(rerunSubmission(testDb.db, boss, world.memberId, first))).code).toBe("NOT_FOUND");
    await rerunSubmission(testDb.db, boss, world.organizerId, first);
    expect((await appErrorFrom(rerunSubmission(testDb.db, boss, world.organizerId, first))).code).toBe("CONFLICT");
    await finish(first);

    // first: finished, so re-run again; second: never evaluated, queued; dropped: disqualified, skipped.
    expect(await rerunTrack(testDb.db, boss, world.organizerId, world.track.id)).toEqual({ queued: 2, skipped: 1 });
    // Both now wait: a second click queues nothing twice.
    expect(await rerunTrack(testDb.db, boss, world.organizerId, world.track.id)).toEqual({ queued: 0, skipped: 3 });
    const history = await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, first));
    expect(history.map((evaluation) => evaluation.state).sort()).toEqual(["finished", "queued"]);

    const listed = await listTrackSubmissionsForModeration(testDb.db, world.organizerId, world.track.id);
    expect(listed.find((row) => row.id === first)).toMatchObject({
      evaluationCount: 2,
      latestEvaluationState: "queued",
    });
    expect((await appErrorFrom(rerunTrack(testDb.db, boss, world.otherOrganizerId, world.track.id))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await appErrorFrom(listTrackSubmissionsForModeration(testDb.db, world.memberId, world.track.id))).code,
    ).toBe("NOT_FOUND");

    const overview = await queueOverview(testDb.db, world.organizerId);
    const cpu = overview.find((row) => row.hardwareProfileId === "cpu-1t");
    expect(cpu?.waiting).toBeGreaterThanOrEqual(2);
    expect(cpu?.oldestWaitingSince).toBeInstanceOf(Date);
    expect((await appErrorFrom(queueOverview(testDb.db, world.memberId))).code).toBe("FORBIDDEN");
    expect((await appErrorFrom(queueOverview(testDb.db, null))).code).toBe("UNAUTHENTICATED");
  });
});
