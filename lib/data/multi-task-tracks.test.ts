/** Organizers create multi-task tracks; the task list is checked as a whole and nothing is left of a refused one. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { trackTasks, tracks } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createMultiTaskTrack, listTrackTasks } from "./multi-task-tracks";
import { ensureShippedTaskRow } from "./tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack, getTrack, updateTrack } from "./tracks";

const testDb = useTestDatabase();

async function superglueTasks() {
  return Promise.all(["boolq", "cb", "rte"].map((slug) => ensureShippedTaskRow(testDb.db, slug)));
}

describe("multi-task tracks", () => {
  it("are created by an organizer with their tasks, metrics and weights, ranked on the benchmark score", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const [boolq, cb, rte] = await superglueTasks();
    const track = await createMultiTaskTrack(testDb.db, world.organizerId, world.competition.id, {
      title: "SuperGLUE-lite",
      hardwareProfileId: "cpu-1t",
      qualityThreshold: 0.5,
      tasks: [
        { taskId: boolq!.id, metric: "accuracy" },
        { taskId: cb!.id, metric: "f1_accuracy_mean", weight: 1 },
        { taskId: rte!.id, metric: "accuracy", weight: 2 },
      ],
    });
    expect(track).toMatchObject({
      title: "SuperGLUE-lite",
      taskSlug: "boolq",
      qualityMetric: "benchmark_score",
      taskAggregate: "weighted-mean",
      rankingRule: "energy-at-threshold",
    });
    expect(
      (await listTrackTasks(testDb.db, world.organizerId, track.id)).map(({ slug, metric, weight, position }) => [
        slug,
        metric,
        weight,
        position,
      ]),
    ).toEqual([
      ["boolq", "accuracy", 1, 0],
      ["cb", "f1_accuracy_mean", 1, 1],
      ["rte", "accuracy", 2, 2],
    ]);
    // A single-task BoolQ track on the same profile is still allowed beside it.
    await createTrack(testDb.db, world.organizerId, world.competition.id, {
      title: "BoolQ alone",
      taskId: boolq!.id,
      hardwareProfileId: "cpu-1t",
    });
    // Its metric stays the benchmark score whatever an update form sends.
    await updateTrack(testDb.db, world.organizerId, track.id, { qualityMetric: "accuracy", title: "Renamed" });
    expect((await getTrack(testDb.db, world.organizerId, track.id)).qualityMetric).toBe("benchmark_score");
  });

  it("refuses a task list with every problem named, leaving no track behind", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const [boolq, cb] = await superglueTasks();
    const before = await testDb.db.select().from(tracks).where(eq(tracks.competitionId, world.competition.id));
    const error = await appErrorFrom(
      createMultiTaskTrack(testDb.db, world.organizerId, world.competition.id, {
        title: "Broken",
        hardwareProfileId: "cpu-1t",
        tasks: [
          { taskId: boolq!.id, metric: "f1_accuracy_mean", weight: 0 },
          { taskId: cb!.id, metric: "accuracy", weight: 0 },
        ],
      }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe(
      'Task 1 (boolq) measures accuracy, macro_f1, mcc, not "f1_accuracy_mean". The weights add up to 0; at least one task needs a positive weight.',
    );
    expect(await testDb.db.select().from(tracks).where(eq(tracks.competitionId, world.competition.id))).toEqual(before);
  });

  it("may only be created by the competition's organizers", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const [boolq, cb] = await superglueTasks();
    const input = {
      title: "Sneaky",
      hardwareProfileId: "cpu-1t",
      tasks: [
        { taskId: boolq!.id, metric: "accuracy" },
        { taskId: cb!.id, metric: "accuracy" },
      ],
    };
    for (const actor of [world.memberId, world.otherOrganizerId, null]) {
      expect((await appErrorFrom(createMultiTaskTrack(testDb.db, actor, world.competition.id, input))).code).toMatch(
        /^(FORBIDDEN|NOT_FOUND|UNAUTHENTICATED)$/,
      );
    }
    const made = await testDb.db
      .select()
      .from(tracks)
      .innerJoin(trackTasks, eq(trackTasks.trackId, tracks.id))
      .where(eq(tracks.competitionId, world.competition.id));
    expect(made).toEqual([]);
    // Nor read by a visitor while the competition is hidden from them.
    expect((await appErrorFrom(listTrackTasks(testDb.db, null, world.track.id))).code).toBe("NOT_FOUND");
  });
});
