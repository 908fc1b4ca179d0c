import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, teamMemberships } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createTeam, createUser } from "../../test-support/competition-fixture";
import { authenticateApiToken, createApiToken, hashApiToken, listApiTokens, revokeApiToken } from "./api-tokens";

const testDb = useTestDatabase();

describe("API tokens", () => {
  it("shows the secret once, stores only its hash, and authenticates as its maker within its team", async () => {
    const owner = await createUser(testDb.db, "owner");
    const teamId = await createTeam(testDb.db, owner);
    const { token, entry } = await createApiToken(testDb.db, owner, { teamId, name: "laptop" });
    expect(token).toMatch(/^jb_[A-Za-z0-9_-]{43}$/);
    const [row] = await testDb.db.select().from(apiTokens).where(eq(apiTokens.id, entry.id));
    expect(row!.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(11));
    expect(await authenticateApiToken(testDb.db, token)).toMatchObject({ userId: owner, teamId });
    const listed = await listApiTokens(testDb.db, owner, teamId);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token.slice(11));
  });

  it("refuses a revoked, an expired and an unknown token, each saying so", async () => {
    const owner = await createUser(testDb.db, "owner");
    const teamId = await createTeam(testDb.db, owner);
    const revoked = await createApiToken(testDb.db, owner, { teamId, name: "old" });
    await revokeApiToken(testDb.db, owner, revoked.entry.id);
    expect((await appErrorFrom(authenticateApiToken(testDb.db, revoked.token))).code).toBe("TOKEN_REVOKED");
    const expired = await createApiToken(testDb.db, owner, { teamId, name: "ci" });
    await testDb.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expired.entry.id));
    expect((await appErrorFrom(authenticateApiToken(testDb.db, expired.token))).code).toBe("TOKEN_EXPIRED");
    expect((await appErrorFrom(authenticateApiToken(testDb.db, "jb_nonsense"))).code).toBe("UNAUTHENTICATED");
    expect((await appErrorFrom(authenticateApiToken(testDb.db, "garbage"))).code).toBe("UNAUTHENTICATED");
  });

  it("stops a token whose maker left the team, and keeps other teams out", async () => {
    const owner = await createUser(testDb.db, "owner");
    const teamId = await createTeam(testDb.db, owner);
    const member = await createUser(testDb.db, "member");
    await testDb.db.insert(teamMemberships).values({ teamId, userId: member, role: "member" });
    const { token, entry } = await createApiToken(testDb.db, member, { teamId, name: "member's" });
    const stranger = await createUser(testDb.db, "stranger");
    expect((await appErrorFrom(listApiTokens(testDb.db, stranger, teamId))).code).toBe("NOT_FOUND");
    expect((await appErrorFrom(revokeApiToken(testDb.db, stranger, entry.id))).code).toBe("NOT_FOUND");
    expect((await appErrorFrom(createApiToken(testDb.db, stranger, { teamId, name: "x" }))).code).toBe("NOT_FOUND");
    await testDb.db.delete(teamMemberships).where(eq(teamMemberships.userId, member));
    expect((await appErrorFrom(authenticateApiToken(testDb.db, token))).code).toBe("TOKEN_REVOKED");
  });

  it("refuses a lifetime over a year", async () => {
    const owner = await createUser(testDb.db, "owner");
    const teamId = await createTeam(testDb.db, owner);
    expect(
      (await appErrorFrom(createApiToken(testDb.db, owner, { teamId, name: "forever", expiresInDays: 10_000 }))).code,
    ).toBe("VALIDATION_FAILED");
  });
});
