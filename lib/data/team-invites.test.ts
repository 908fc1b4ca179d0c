import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { teamInvites, teamMemberships, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { acceptInvite, createInvite, describeInvite, hashToken, listInvites, revokeInvite } from "./team-invites";
import { createTeam, listMyTeams, leaveTeam } from "./teams";

const testDb = useTestDatabase();

interface Person {
  id: string;
  email: string;
}

let userCounter = 0;
async function createUser(db: Database, name: string, email?: string): Promise<Person> {
  userCounter += 1;
  const address = email ?? `${name.toLowerCase()}.${userCounter}@example.com`;
  // Verified, as anyone accepting an addressed invite must be (account-security.test.ts covers the unverified).
  const [user] = await db
    .insert(users)
    .values({ name, email: address, emailVerified: new Date() })
    .returning({ id: users.id });
  return { id: user!.id, email: address };
}

/** A team with an owner and one member. */
async function setUp(db: Database) {
  const owner = await createUser(db, "Owner");
  const member = await createUser(db, "Member");
  // Team names are unique: a number per test.
  const team = await createTeam(db, owner.id, { name: `Joule Thieves ${userCounter}` });
  await db.insert(teamMemberships).values({ teamId: team.id, userId: member.id, role: "member" });
  return { owner, member, team };
}

async function memberIds(db: Database, teamId: string): Promise<string[]> {
  const rows = await db.select().from(teamMemberships).where(eq(teamMemberships.teamId, teamId));
  return rows.map((row) => row.userId).sort();
}

async function inviteRow(db: Database, inviteId: string) {
  const [row] = await db.select().from(teamInvites).where(eq(teamInvites.id, inviteId));
  return row!;
}

const forbidden = { name: "AppError", code: "FORBIDDEN", message: "Only the team owner can do this." };
const notFound = { name: "AppError", code: "NOT_FOUND" };

describe("createInvite", () => {
  it("returns a 32-byte token once and stores only its sha256, expiring in 7 days", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invite = await createInvite(db, owner.id, team.id, { email: "  New.Person@Example.com " });

    expect(Buffer.from(invite.token, "base64url")).toHaveLength(32);
    expect(invite.path).toBe(`/invite/${invite.token}`);
    expect(invite).toMatchObject({ email: "new.person@example.com", teamName: team.name });
    const row = await inviteRow(db, invite.inviteId);
    expect(row.tokenHash).toBe(hashToken(invite.token));
    expect(row.tokenHash).not.toContain(invite.token);
    expect(row).toMatchObject({ createdBy: owner.id, usedAt: null, revokedAt: null });
    const sevenDays = 7 * 24 * 60 * 60 * 1000;
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + sevenDays))).toBeLessThan(60_000);
  });

  it("makes an open link when no email is given, including a blank one from a form", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    expect((await createInvite(db, owner.id, team.id, {})).email).toBeNull();
    expect((await createInvite(db, owner.id, team.id, { email: "  " })).email).toBeNull();
  });

  it("gives every invite a different token", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const first = await createInvite(db, owner.id, team.id, {});
    const second = await createInvite(db, owner.id, team.id, {});
    expect(first.token).not.toBe(second.token);
  });

  it("refuses members (FORBIDDEN) and non-members (NOT_FOUND)", async () => {
    const db = testDb.db;
    const { member, team } = await setUp(db);
    const outsider = await createUser(db, "Outsider");
    await expect(createInvite(db, member.id, team.id, {})).rejects.toMatchObject(forbidden);
    await expect(createInvite(db, outsider.id, team.id, { email: outsider.email })).rejects.toMatchObject(notFound);
    expect(await db.select().from(teamInvites).where(eq(teamInvites.teamId, team.id))).toEqual([]);
  });

  it("rejects an invalid email and the email of someone already in the team", async () => {
    const db = testDb.db;
    const { owner, member, team } = await setUp(db);
    await expect(createInvite(db, owner.id, team.id, { email: "not-an-email" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(createInvite(db, owner.id, team.id, { email: member.email.toUpperCase() })).rejects.toMatchObject({
      code: "ALREADY_MEMBER",
    });
  });
});

describe("acceptInvite", () => {
  it("adds the addressed user as a member and marks the invite used by them", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Invitee");
    const invite = await createInvite(db, owner.id, team.id, { email: invitee.email });

    await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).resolves.toEqual({
      teamId: team.id,
      teamSlug: team.slug,
      teamName: team.name,
    });
    expect(await listMyTeams(db, invitee.id)).toMatchObject([{ id: team.id, role: "member" }]);
    const row = await inviteRow(db, invite.inviteId);
    expect(row.usedBy).toBe(invitee.id);
    expect(row.usedAt).toBeInstanceOf(Date);
  });

  it("matches the invited email case-insensitively", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Casey", "Casey.Upper@Example.COM");
    const invite = await createInvite(db, owner.id, team.id, { email: "casey.upper@example.com" });
    await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).resolves.toMatchObject({ teamId: team.id });
  });

  it("refuses someone else (INVITE_WRONG_RECIPIENT), also a user without an email", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invite = await createInvite(db, owner.id, team.id, { email: "intended@example.com" });
    const other = await createUser(db, "Other");
    await expect(acceptInvite(db, other.id, other.email, invite.token)).rejects.toMatchObject({
      code: "INVITE_WRONG_RECIPIENT",
    });
    await expect(acceptInvite(db, other.id, null, invite.token)).rejects.toMatchObject({
      code: "INVITE_WRONG_RECIPIENT",
    });
    expect((await inviteRow(db, invite.inviteId)).usedAt).toBeNull();
    expect(await listMyTeams(db, other.id)).toEqual([]);
  });

  it("refuses an expired invite (INVITE_EXPIRED)", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Late");
    const invite = await createInvite(db, owner.id, team.id, { email: invitee.email });
    await db
      .update(teamInvites)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(teamInvites.id, invite.inviteId));
    await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).rejects.toMatchObject({
      code: "INVITE_EXPIRED",
    });
    expect(await listMyTeams(db, invitee.id)).toEqual([]);
  });

  it("refuses a used email invite (INVITE_USED), even to its recipient after they left", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Twice");
    const invite = await createInvite(db, owner.id, team.id, { email: invitee.email });
    await acceptInvite(db, invitee.id, invitee.email, invite.token);
    await leaveTeam(db, invitee.id, team.id);
    await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).rejects.toMatchObject({
      code: "INVITE_USED",
    });
    expect(await listMyTeams(db, invitee.id)).toEqual([]);
  });

  it("refuses a revoked invite (INVITE_REVOKED), open links too", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Revoked");
    const addressed = await createInvite(db, owner.id, team.id, { email: invitee.email });
    const open = await createInvite(db, owner.id, team.id, {});
    await revokeInvite(db, owner.id, addressed.inviteId);
    await revokeInvite(db, owner.id, open.inviteId);
    for (const invite of [addressed, open]) {
      await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).rejects.toMatchObject({
        code: "INVITE_REVOKED",
      });
    }
    expect(await listMyTeams(db, invitee.id)).toEqual([]);
  });

  it("answers ALREADY_MEMBER to someone joining twice", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Again");
    const addressed = await createInvite(db, owner.id, team.id, { email: invitee.email });
    const open = await createInvite(db, owner.id, team.id, {});
    await acceptInvite(db, invitee.id, invitee.email, addressed.token);
    for (const invite of [addressed, open]) {
      await expect(acceptInvite(db, invitee.id, invitee.email, invite.token)).rejects.toMatchObject({
        code: "ALREADY_MEMBER",
        message: `You are already a member of ${team.name}.`,
      });
    }
  });

  it("answers NOT_FOUND for a token that matches no invite", async () => {
    const db = testDb.db;
    const invitee = await createUser(db, "Guess");
    await expect(acceptInvite(db, invitee.id, invitee.email, "made-up-token")).rejects.toMatchObject(notFound);
  });

  it("lets many people join through one open link, which stays pending", async () => {
    const db = testDb.db;
    const { owner, member, team } = await setUp(db);
    const open = await createInvite(db, owner.id, team.id, {});
    const joiners = [await createUser(db, "First"), await createUser(db, "Second")];
    for (const joiner of joiners) await acceptInvite(db, joiner.id, joiner.email, open.token);

    expect(await memberIds(db, team.id)).toEqual([owner.id, member.id, ...joiners.map((j) => j.id)].sort());
    expect(await inviteRow(db, open.inviteId)).toMatchObject({ usedAt: null, usedBy: null });
    expect((await listInvites(db, owner.id, team.id)).map((invite) => invite.id)).toEqual([open.inviteId]);
  });

  it("lets exactly one of two racing users claim an email invite", async () => {
    const db = testDb.db;
    for (let round = 0; round < 5; round += 1) {
      const { owner, member, team } = await setUp(db);
      // users.email is unique as written, so the same address in two cases is two accounts that both match.
      const lower = await createUser(db, "Racer", `racer.${round}@example.com`);
      const upper = await createUser(db, "Racer", `RACER.${round}@example.com`);
      const invite = await createInvite(db, owner.id, team.id, { email: lower.email });

      const results = await Promise.allSettled(
        [lower, upper].map((racer) => acceptInvite(db, racer.id, racer.email, invite.token)),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((result) => result.status === "rejected");
      expect(rejected?.status === "rejected" && rejected.reason).toMatchObject({ code: "INVITE_USED" });
      const members = await memberIds(db, team.id);
      expect(members).toHaveLength(3);
      const winner = members.find((id) => id !== owner.id && id !== member.id);
      expect((await inviteRow(db, invite.inviteId)).usedBy).toBe(winner);
    }
  });

  it("gives one membership and one error when a user submits twice at once", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "DoubleClick");
    const addressed = await createInvite(db, owner.id, team.id, { email: invitee.email });
    const open = await createInvite(db, owner.id, team.id, {});
    for (const invite of [addressed, open]) {
      await leaveTeam(db, invitee.id, team.id).catch(() => undefined);
      const results = await Promise.allSettled([
        acceptInvite(db, invitee.id, invitee.email, invite.token),
        acceptInvite(db, invitee.id, invitee.email, invite.token),
      ]);
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((result) => result.status === "rejected");
      expect(rejected?.status === "rejected" && rejected.reason).toMatchObject({
        code: expect.stringMatching(/^(INVITE_USED|ALREADY_MEMBER)$/),
      });
      expect(await listMyTeams(db, invitee.id)).toHaveLength(1);
    }
  });
});

describe("describeInvite", () => {
  it("tells the invite page the team name, the address and the status", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Viewer");
    const invite = await createInvite(db, owner.id, team.id, { email: invitee.email });

    const anonymous = await describeInvite(db, invite.token);
    expect(anonymous).toEqual({
      teamName: team.name,
      email: invitee.email,
      status: "valid",
      expiresAt: expect.any(Date),
    });
    expect(await describeInvite(db, invite.token, { userId: invitee.id, email: invitee.email })).toMatchObject({
      viewer: { alreadyMember: false, wrongRecipient: false, teamSlug: null },
    });
    expect(await describeInvite(db, invite.token, { userId: owner.id, email: owner.email })).toMatchObject({
      viewer: { alreadyMember: true, wrongRecipient: true, teamSlug: team.slug },
    });
    expect(await describeInvite(db, "made-up-token")).toBeNull();
  });

  it("reports used, expired and revoked invites", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Status");
    const used = await createInvite(db, owner.id, team.id, { email: invitee.email });
    await acceptInvite(db, invitee.id, invitee.email, used.token);
    const expired = await createInvite(db, owner.id, team.id, {});
    await db.update(teamInvites).set({ expiresAt: sql`now()` }).where(eq(teamInvites.id, expired.inviteId));
    const revoked = await createInvite(db, owner.id, team.id, {});
    await revokeInvite(db, owner.id, revoked.inviteId);

    expect((await describeInvite(db, used.token))?.status).toBe("used");
    expect((await describeInvite(db, expired.token))?.status).toBe("expired");
    expect((await describeInvite(db, revoked.token))?.status).toBe("revoked");
  });
});

describe("listInvites and revokeInvite", () => {
  it("list only pending invites, newest first, to the owner", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invitee = await createUser(db, "Listed");
    const used = await createInvite(db, owner.id, team.id, { email: invitee.email });
    await acceptInvite(db, invitee.id, invitee.email, used.token);
    const revoked = await createInvite(db, owner.id, team.id, {});
    await revokeInvite(db, owner.id, revoked.inviteId);
    const expired = await createInvite(db, owner.id, team.id, {});
    await db.update(teamInvites).set({ expiresAt: sql`now()` }).where(eq(teamInvites.id, expired.inviteId));
    const older = await createInvite(db, owner.id, team.id, { email: "older@example.com" });
    await db
      .update(teamInvites)
      .set({ createdAt: sql`now() - interval '1 hour'` })
      .where(eq(teamInvites.id, older.inviteId));
    const newer = await createInvite(db, owner.id, team.id, {});

    const pending = await listInvites(db, owner.id, team.id);
    expect(pending.map((invite) => [invite.id, invite.email])).toEqual([
      [newer.inviteId, null],
      [older.inviteId, "older@example.com"],
    ]);
  });

  it("refuse members (FORBIDDEN) and non-members (NOT_FOUND), and revoking changes nothing then", async () => {
    const db = testDb.db;
    const { owner, member, team } = await setUp(db);
    const outsider = await createUser(db, "Outsider");
    const invite = await createInvite(db, owner.id, team.id, {});
    await expect(listInvites(db, member.id, team.id)).rejects.toMatchObject(forbidden);
    await expect(listInvites(db, outsider.id, team.id)).rejects.toMatchObject(notFound);
    await expect(revokeInvite(db, member.id, invite.inviteId)).rejects.toMatchObject(forbidden);
    await expect(revokeInvite(db, outsider.id, invite.inviteId)).rejects.toMatchObject(notFound);
    await expect(revokeInvite(db, owner.id, crypto.randomUUID())).rejects.toMatchObject(notFound);
    expect((await inviteRow(db, invite.inviteId)).revokedAt).toBeNull();
  });

  it("revoking twice keeps the first revocation time", async () => {
    const db = testDb.db;
    const { owner, team } = await setUp(db);
    const invite = await createInvite(db, owner.id, team.id, {});
    await revokeInvite(db, owner.id, invite.inviteId);
    const first = (await inviteRow(db, invite.inviteId)).revokedAt;
    await revokeInvite(db, owner.id, invite.inviteId);
    expect(first).toBeInstanceOf(Date);
    expect((await inviteRow(db, invite.inviteId)).revokedAt).toEqual(first);
  });
});
