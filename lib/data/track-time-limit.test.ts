/** An organizer sets a track's own time limit per evaluation; it is validated, and only managers may change it. */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { getTrack, updateTrack } from "./tracks";

const testDb = useTestDatabase();

describe("a track's time limit", () => {
  it("is unset by default, set and cleared by an organizer", async () => {
    const world = await createCompetitionWorld(testDb.db);
    expect(world.track.timeLimitSeconds).toBeNull();
    expect(
      (await updateTrack(testDb.db, world.organizerId, world.track.id, { timeLimitSeconds: 600 })).timeLimitSeconds,
    ).toBe(600);
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).timeLimitSeconds).toBe(600);
    // An update that does not name it leaves it alone.
    expect(
      (await updateTrack(testDb.db, world.organizerId, world.track.id, { title: "Renamed" })).timeLimitSeconds,
    ).toBe(600);
    expect(
      (await updateTrack(testDb.db, world.organizerId, world.track.id, { timeLimitSeconds: null })).timeLimitSeconds,
    ).toBeNull();
  });

  it("refuses a limit under a minute, over six hours, or not whole seconds, saying which", async () => {
    const world = await createCompetitionWorld(testDb.db);
    for (const [value, message] of [
      [30, "at least 60 seconds"],
      [30_000, "at most 6 hours"],
      [90.5, "whole number of seconds"],
    ] as const) {
      const error = await appErrorFrom(
        updateTrack(testDb.db, world.organizerId, world.track.id, { timeLimitSeconds: value }),
      );
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toContain(message);
    }
  });

  it("cannot be changed by a team member or another competition's organizer", async () => {
    const world = await createCompetitionWorld(testDb.db);
    for (const actor of [world.memberId, world.otherOrganizerId]) {
      expect(
        (await appErrorFrom(updateTrack(testDb.db, actor, world.track.id, { timeLimitSeconds: 600 }))).code,
      ).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    }
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).timeLimitSeconds).toBeNull();
  });
});
