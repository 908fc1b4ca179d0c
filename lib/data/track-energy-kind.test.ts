/**
 * An organizer chooses which energy a track's board ranks: measured (RAPL, NVML) or estimated. The two are never
 * ranked together (lib/ranking/rank-board.ts), so the choice is validated, and only managers may change it.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { ensureShippedTaskRow } from "./tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack, getTrack, updateTrack, type TrackInput } from "./tracks";

const testDb = useTestDatabase();

describe("a track's ranked energy kind", () => {
  it("is estimated by default, and can be measured from the start", async () => {
    const world = await createCompetitionWorld(testDb.db);
    expect(world.track.rankedEnergyKind).toBe("estimated");
    const sst2 = await ensureShippedTaskRow(testDb.db, "sst2");
    const created = await createTrack(testDb.db, world.organizerId, world.competition.id, {
      title: "SST-2 on a GPU",
      taskId: sst2.id,
      hardwareProfileId: "gpu",
      rankedEnergyKind: "measured",
    });
    expect(created.rankedEnergyKind).toBe("measured");
    expect((await getTrack(testDb.db, world.organizerId, created.id)).rankedEnergyKind).toBe("measured");
  });

  it("is changed by an organizer, and left alone by an update that does not name it", async () => {
    const world = await createCompetitionWorld(testDb.db);
    expect(
      (await updateTrack(testDb.db, world.organizerId, world.track.id, { rankedEnergyKind: "measured" }))
        .rankedEnergyKind,
    ).toBe("measured");
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).rankedEnergyKind).toBe("measured");
    expect(
      (await updateTrack(testDb.db, world.organizerId, world.track.id, { title: "Renamed" })).rankedEnergyKind,
    ).toBe("measured");
    expect(
      (await updateTrack(testDb.db, world.adminId, world.track.id, { rankedEnergyKind: "estimated" })).rankedEnergyKind,
    ).toBe("estimated");
  });

  it("refuses a kind that is neither measured nor estimated, saying which are", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const sst2 = await ensureShippedTaskRow(testDb.db, "sst2");
    // As a crafted form would send it: the type system does not reach a server action's FormData.
    const joules = "joules" as TrackInput["rankedEnergyKind"];
    for (const attempt of [
      () => updateTrack(testDb.db, world.organizerId, world.track.id, { rankedEnergyKind: joules }),
      () =>
        createTrack(testDb.db, world.organizerId, world.competition.id, {
          title: "Two threads",
          taskId: sst2.id,
          hardwareProfileId: "cpu-2t",
          rankedEnergyKind: joules,
        }),
    ]) {
      const error = await appErrorFrom(attempt());
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain("measured or estimated");
    }
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).rankedEnergyKind).toBe("estimated");
  });

  it("cannot be changed by a team member or another competition's organizer", async () => {
    const world = await createCompetitionWorld(testDb.db);
    for (const actor of [world.memberId, world.otherOrganizerId]) {
      expect(
        (await appErrorFrom(updateTrack(testDb.db, actor, world.track.id, { rankedEnergyKind: "measured" }))).code,
      ).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    }
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).rankedEnergyKind).toBe("estimated");
  });
});
