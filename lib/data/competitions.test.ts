import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import {
  addOrganizer,
  createCompetition,
  getCompetition,
  listCompetitions,
  listManagedCompetitions,
  listOrganizers,
  removeOrganizer,
  updateCompetition,
} from "./competitions";
import {
  createPhase,
  deletePhase,
  openPhase,
  privateResultsRevealed,
  setPrivateResultsRevealed,
  updatePhase,
} from "./phases";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack, deleteTrack, getTrack, updateTrack } from "./tracks";
import { ensureShippedTaskRow } from "./tasks";

const testDb = useTestDatabase();

describe("competitions", () => {
  it("a draft is visible only to its organizers and site admins; others are told it does not exist", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const slug = world.competition.slug;
    for (const actor of [null, world.memberId, world.otherOrganizerId]) {
      expect((await appErrorFrom(getCompetition(testDb.db, actor, slug))).code).toBe("NOT_FOUND");
    }
    expect((await getCompetition(testDb.db, world.organizerId, slug)).canManage).toBe(true);
    expect((await getCompetition(testDb.db, world.adminId, slug)).tracks).toHaveLength(1);
  });

  it("public and open: everyone sees it and its tracks, only managers may edit", async () => {
    const world = await createCompetitionWorld(testDb.db);
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, {
      status: "open",
      visibility: "public",
    });
    const seen = await getCompetition(testDb.db, null, world.competition.slug);
    expect(seen.canManage).toBe(false);
    expect(seen.tracks.map((track) => track.hardwareProfileId)).toEqual(["cpu-1t"]);
    expect((await listCompetitions(testDb.db, null)).map((c) => c.slug)).toContain(world.competition.slug);
    expect(
      (await appErrorFrom(updateCompetition(testDb.db, world.memberId, world.competition.id, { title: "Hijacked" })))
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await appErrorFrom(
          updateCompetition(testDb.db, world.otherOrganizerId, world.competition.id, { title: "Hijacked" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await appErrorFrom(updateCompetition(testDb.db, null, world.competition.id, { title: "Hijacked" }))).code,
    ).toBe("UNAUTHENTICATED");
  });

  it("unlisted competitions open by address but are not listed to outsiders", async () => {
    const world = await createCompetitionWorld(testDb.db);
    await updateCompetition(testDb.db, world.adminId, world.competition.id, { status: "open", visibility: "unlisted" });
    expect((await getCompetition(testDb.db, world.memberId, world.competition.slug)).title).toBe("Fewest Watts");
    expect((await listCompetitions(testDb.db, world.memberId)).map((c) => c.slug)).not.toContain(
      world.competition.slug,
    );
    expect((await listCompetitions(testDb.db, world.organizerId)).map((c) => c.slug)).toContain(world.competition.slug);
    expect((await listManagedCompetitions(testDb.db, world.organizerId)).map((c) => c.slug)).toEqual([
      world.competition.slug,
    ]);
  });

  it("only site admins create competitions and name organizers; a taken address is a conflict", async () => {
    const world = await createCompetitionWorld(testDb.db);
    expect(
      (await appErrorFrom(createCompetition(testDb.db, world.organizerId, { slug: "mine", title: "Mine" }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await appErrorFrom(
          createCompetition(testDb.db, world.adminId, { slug: world.competition.slug, title: "Again" }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect(
      (await appErrorFrom(createCompetition(testDb.db, world.adminId, { slug: "Bad Slug!", title: "Bad" }))).code,
    ).toBe("VALIDATION_FAILED");
    expect(
      (await appErrorFrom(addOrganizer(testDb.db, world.organizerId, world.competition.id, "x@example.com"))).code,
    ).toBe("FORBIDDEN");
    const unknown = await appErrorFrom(
      addOrganizer(testDb.db, world.adminId, world.competition.id, "nobody@example.com"),
    );
    expect(unknown.message).toMatch(/sign up first/);
    const organizers = await listOrganizers(testDb.db, world.organizerId, world.competition.id);
    expect(organizers.map((o) => o.userId)).toEqual([world.organizerId]);
    await removeOrganizer(testDb.db, world.adminId, world.competition.id, world.organizerId);
    expect((await appErrorFrom(getCompetition(testDb.db, world.organizerId, world.competition.slug))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("an update changes only the fields it names", async () => {
    const world = await createCompetitionWorld(testDb.db);
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, {
      status: "open",
      visibility: "public",
      maxBundleBytes: 1_000_000,
    });
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, { title: "Fewer Watts" });
    expect(await getCompetition(testDb.db, null, world.competition.slug)).toMatchObject({
      title: "Fewer Watts",
      status: "open",
      visibility: "public",
      maxBundleBytes: 1_000_000,
      oneTeamPerPerson: true,
    });
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, { oneTeamPerPerson: false });
    expect(await getCompetition(testDb.db, null, world.competition.slug)).toMatchObject({
      title: "Fewer Watts",
      oneTeamPerPerson: false,
    });
    await updateTrack(testDb.db, world.organizerId, world.track.id, {
      rankingRule: "quality",
      qualityMetric: "mcc",
      qualityThreshold: 0.5,
    });
    expect(await updateTrack(testDb.db, world.organizerId, world.track.id, { title: "Renamed" })).toMatchObject({
      rankingRule: "quality",
      qualityMetric: "mcc",
      qualityThreshold: 0.5,
    });
  });

  it("refuses a maximum bundle size over the limit", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const error = await appErrorFrom(
      updateCompetition(testDb.db, world.organizerId, world.competition.id, { maxBundleBytes: 5 * 1024 ** 3 }),
    );
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/4 GiB/) });
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, { maxBundleBytes: 1_000_000 });
    expect((await getCompetition(testDb.db, world.organizerId, world.competition.slug)).maxBundleBytes).toBe(1_000_000);
  });
});

describe("tracks", () => {
  it("a track of a hidden competition is not found; only managers change tracks", async () => {
    const world = await createCompetitionWorld(testDb.db);
    expect((await appErrorFrom(getTrack(testDb.db, world.memberId, world.track.id))).code).toBe("NOT_FOUND");
    expect((await getTrack(testDb.db, world.organizerId, world.track.id)).competitionSlug).toBe(world.competition.slug);
    expect(
      (await appErrorFrom(updateTrack(testDb.db, world.otherOrganizerId, world.track.id, { title: "Mine" }))).code,
    ).toBe("NOT_FOUND");
    const updated = await updateTrack(testDb.db, world.organizerId, world.track.id, {
      qualityThreshold: 0.8,
      qualityMetric: "macro_f1",
    });
    expect(updated).toMatchObject({ qualityThreshold: 0.8, qualityMetric: "macro_f1" });
  });

  it("refuses a duplicate track, an unknown profile, a metric the task lacks, and another competition's task", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const sst2 = await ensureShippedTaskRow(testDb.db, "sst2");
    const organizer = world.organizerId;
    const id = world.competition.id;
    expect(
      (
        await appErrorFrom(
          createTrack(testDb.db, organizer, id, { title: "Again", taskId: sst2.id, hardwareProfileId: "cpu-1t" }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect(
      (
        await appErrorFrom(
          createTrack(testDb.db, organizer, id, { title: "TPU", taskId: sst2.id, hardwareProfileId: "tpu" }),
        )
      ).message,
    ).toMatch(/hardware profile/);
    expect(
      (
        await appErrorFrom(
          createTrack(testDb.db, organizer, id, {
            title: "F1",
            taskId: sst2.id,
            hardwareProfileId: "cpu-2t",
            qualityMetric: "bleu",
          }),
        )
      ).message,
    ).toMatch(/accuracy, macro_f1, mcc/);
    expect(
      (
        await appErrorFrom(
          createTrack(testDb.db, organizer, id, { title: "X1", taskId: "no-such-task", hardwareProfileId: "cpu-2t" }),
        )
      ).code,
    ).toBe("VALIDATION_FAILED");
    const two = await createTrack(testDb.db, organizer, id, {
      title: "Two threads",
      taskId: sst2.id,
      hardwareProfileId: "cpu-2t",
    });
    await deleteTrack(testDb.db, organizer, two.id);
    expect((await appErrorFrom(getTrack(testDb.db, organizer, two.id))).code).toBe("NOT_FOUND");
  });
});

describe("phases", () => {
  const day = 24 * 3600 * 1000;
  const at = (days: number) => new Date(Date.UTC(2030, 0, 1) + days * day);

  it("refuses an end before the start and overlapping phases; only managers change them", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const id = world.competition.id;
    const development = await createPhase(testDb.db, world.organizerId, id, {
      name: "Development",
      startsAt: at(0),
      endsAt: at(10),
      submissionsPerDay: 5,
    });
    expect(
      (
        await appErrorFrom(
          createPhase(testDb.db, world.organizerId, id, { name: "Backwards", startsAt: at(20), endsAt: at(19) }),
        )
      ).message,
    ).toMatch(/end after it starts/);
    expect(
      (
        await appErrorFrom(
          createPhase(testDb.db, world.organizerId, id, { name: "Final", startsAt: at(9), endsAt: at(12) }),
        )
      ).message,
    ).toMatch(/overlaps the phase "Development"/);
    expect(
      (
        await appErrorFrom(
          createPhase(testDb.db, world.memberId, id, { name: "Final", startsAt: at(10), endsAt: at(12) }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await appErrorFrom(
          createPhase(testDb.db, world.organizerId, id, {
            name: "Zero",
            startsAt: at(30),
            endsAt: at(31),
            submissionsTotal: 0,
          }),
        )
      ).code,
    ).toBe("VALIDATION_FAILED");
    const final = await createPhase(testDb.db, world.organizerId, id, {
      name: "Final",
      kind: "final",
      startsAt: at(10),
      endsAt: at(12),
      concurrentSubmissions: 1,
    });
    await updatePhase(testDb.db, world.organizerId, development.id, {
      name: "Development",
      startsAt: at(-1),
      endsAt: at(10),
    });
    const phases = (await getCompetition(testDb.db, world.organizerId, world.competition.slug)).phases;
    expect(phases.map((p) => p.name)).toEqual(["Development", "Final"]);
    expect(openPhase(phases, at(5))?.name).toBe("Development");
    expect(openPhase(phases, at(11))?.name).toBe("Final");
    expect(openPhase(phases, at(12))).toBeUndefined();
    expect(privateResultsRevealed(phases, at(11))).toBe(false);
    expect(privateResultsRevealed(phases, at(12))).toBe(true);
    expect(
      (await appErrorFrom(setPrivateResultsRevealed(testDb.db, world.otherOrganizerId, final.id, true))).code,
    ).toBe("NOT_FOUND");
    const revealed = await setPrivateResultsRevealed(testDb.db, world.organizerId, final.id, true);
    expect(privateResultsRevealed([revealed], at(11))).toBe(true);
    await deletePhase(testDb.db, world.organizerId, final.id);
  });
});
