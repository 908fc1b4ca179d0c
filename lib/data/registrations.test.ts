import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { competitionRegistrations, competitions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createTeam, createUser, seedCompetition } from "../../test-support/competition-fixture";
import { listMyTeamsForCompetition, registerTeam, rulesDigest } from "./registrations";

const testDb = useTestDatabase();

describe("registering a team", () => {
  it("enters the team once, remembering the rules it accepted", async () => {
    const item = await seedCompetition(testDb.db, { register: false });
    expect(await listMyTeamsForCompetition(testDb.db, item.ownerId, item.competitionSlug)).toMatchObject([
      { teamId: item.teamId, registered: false },
    ]);
    await registerTeam(testDb.db, item.ownerId, item.competitionSlug, { teamId: item.teamId, acceptRules: true });
    await registerTeam(testDb.db, item.ownerId, item.competitionSlug, { teamId: item.teamId, acceptRules: true });
    const rows = await testDb.db
      .select()
      .from(competitionRegistrations)
      .where(eq(competitionRegistrations.teamId, item.teamId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rulesSha256).toBe(rulesDigest("Be nice."));
    expect(await listMyTeamsForCompetition(testDb.db, item.ownerId, item.competitionSlug)).toMatchObject([
      { registered: true },
    ]);
    await item.cleanup();
  });

  it("refuses without accepting the rules, for another team, for a visitor, and outside an open competition", async () => {
    const item = await seedCompetition(testDb.db, { register: false });
    expect(
      (await appErrorFrom(registerTeam(testDb.db, item.ownerId, item.competitionSlug, { teamId: item.teamId }))).code,
    ).toBe("VALIDATION_FAILED");
    const stranger = await createUser(testDb.db, "stranger");
    await createTeam(testDb.db, stranger, "Others");
    expect(
      (
        await appErrorFrom(
          registerTeam(testDb.db, stranger, item.competitionSlug, { teamId: item.teamId, acceptRules: true }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(
      (
        await appErrorFrom(
          registerTeam(testDb.db, null, item.competitionSlug, { teamId: item.teamId, acceptRules: true }),
        )
      ).code,
    ).toBe("UNAUTHENTICATED");
    await testDb.db.update(competitions).set({ status: "closed" }).where(eq(competitions.id, item.competitionId));
    expect(
      (
        await appErrorFrom(
          registerTeam(testDb.db, item.ownerId, item.competitionSlug, { teamId: item.teamId, acceptRules: true }),
        )
      ).code,
    ).toBe("PHASE_CLOSED");
    await testDb.db
      .update(competitions)
      .set({ status: "draft", visibility: "private" })
      .where(eq(competitions.id, item.competitionId));
    expect(
      (
        await appErrorFrom(
          registerTeam(testDb.db, item.ownerId, item.competitionSlug, { teamId: item.teamId, acceptRules: true }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    await item.cleanup();
  });
});
