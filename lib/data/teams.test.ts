import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { teamMemberships, teams, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import {
  createTeam,
  getTeamForMember,
  leaveTeam,
  listMyTeams,
  removeMember,
  renameTeam,
  slugify,
  transferOwnership,
} from "./teams";

const testDb = useTestDatabase();

let userCounter = 0;
async function createUser(db: Database, name: string): Promise<string> {
  userCounter += 1;
  const [user] = await db
    .insert(users)
    .values({ name, email: `${name.toLowerCase()}.${userCounter}@example.com` })
    .returning({ id: users.id });
  return user!.id;
}

async function addMember(db: Database, teamId: string, userId: string) {
  await db.insert(teamMemberships).values({ teamId, userId, role: "member" });
}

/** A team owned by a fresh user, with `memberCount` fresh members. */
async function teamWithMembers(db: Database, memberCount: number) {
  const ownerId = await createUser(db, "Owner");
  // Team names are unique: a number per call.
  const team = await createTeam(db, ownerId, { name: `Watt Watchers ${userCounter}` });
  const memberIds: string[] = [];
  for (let index = 0; index < memberCount; index += 1) {
    const memberId = await createUser(db, `Member${index}`);
    await addMember(db, team.id, memberId);
    memberIds.push(memberId);
  }
  return { team, ownerId, memberIds };
}

async function ownersOf(db: Database, teamId: string): Promise<string[]> {
  const rows = await db.select().from(teamMemberships).where(eq(teamMemberships.teamId, teamId));
  return rows.filter((row) => row.role === "owner").map((row) => row.userId);
}

const forbidden = { name: "AppError", code: "FORBIDDEN", message: "Only the team owner can do this." };
const notFound = { name: "AppError", code: "NOT_FOUND" };

describe("slugify", () => {
  it("folds accents, lowercases and dashes everything else", () => {
    expect(slugify("  Équipe Zéro!  Low-Watt ")).toBe("equipe-zero-low-watt");
  });

  it("falls back to 'team' when nothing transliterates, and caps the length", () => {
    expect(slugify("電力チーム")).toBe("team");
    expect(slugify("a".repeat(60)).length).toBe(40);
    expect(slugify(`${"a".repeat(39)} b`)).toBe("a".repeat(39));
  });
});

describe("createTeam", () => {
  it("makes the creator the owner, in a team with a slug from its name", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Ada");
    const team = await createTeam(db, userId, { name: "  Green Inference  " });
    expect(team).toMatchObject({ slug: "green-inference", name: "Green Inference", role: "owner" });
    expect(await ownersOf(db, team.id)).toEqual([userId]);
  });

  it("makes slugs unique with a numeric suffix", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Bea");
    const first = await createTeam(db, userId, { name: "Tiny Models" });
    const second = await createTeam(db, userId, { name: "tiny models!" });
    const third = await createTeam(db, userId, { name: "Tiny-Models" });
    expect([first.slug, second.slug, third.slug]).toEqual(["tiny-models", "tiny-models-2", "tiny-models-3"]);
  });

  it("gives concurrent teams of names with the same slug distinct slugs", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Cai");
    const created = await Promise.all(
      ["Race Condition", "Race-Condition", "Race Condition!", "Race_Condition"].map((name) =>
        createTeam(db, userId, { name }),
      ),
    );
    expect(new Set(created.map((team) => team.slug)).size).toBe(4);
  });

  it.each([["x"], ["   "], ["a".repeat(61)]])("rejects the name %j and stores nothing", async (name) => {
    const db = testDb.db;
    const userId = await createUser(db, "Dee");
    await expect(createTeam(db, userId, { name })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await listMyTeams(db, userId)).toEqual([]);
  });

  it("accepts names of exactly 2 and 60 characters", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Eve");
    await expect(createTeam(db, userId, { name: "ab" })).resolves.toMatchObject({ name: "ab" });
    await expect(createTeam(db, userId, { name: "b".repeat(60) })).resolves.toMatchObject({ name: "b".repeat(60) });
  });
});

describe("listMyTeams", () => {
  it("lists every team of a user in several teams, with their role in each, and nobody else's", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Fay");
    const own = await createTeam(db, userId, { name: "Alpha Joules" });
    const { team: other } = await teamWithMembers(db, 0);
    await addMember(db, other.id, userId);
    await teamWithMembers(db, 1); // a team Fay is not in

    const mine = await listMyTeams(db, userId);
    expect(mine.map(({ slug, role }) => ({ slug, role }))).toEqual([
      { slug: own.slug, role: "owner" },
      { slug: other.slug, role: "member" },
    ]);
  });
});

describe("getTeamForMember", () => {
  it("shows members the member list, owner first", async () => {
    const db = testDb.db;
    const { team, ownerId, memberIds } = await teamWithMembers(db, 2);
    const details = await getTeamForMember(db, memberIds[1]!, team.slug);
    expect(details.myRole).toBe("member");
    expect(details.members.map((member) => [member.userId, member.role])).toEqual([
      [ownerId, "owner"],
      [memberIds[0], "member"],
      [memberIds[1], "member"],
    ]);
    expect(details.members[0]?.email).toMatch(/^owner\.\d+@example\.com$/);
  });

  it("answers NOT_FOUND to non-members and for unknown slugs alike", async () => {
    const db = testDb.db;
    const { team } = await teamWithMembers(db, 1);
    const outsiderId = await createUser(db, "Outsider");
    await expect(getTeamForMember(db, outsiderId, team.slug)).rejects.toMatchObject(notFound);
    await expect(getTeamForMember(db, outsiderId, "no-such-team")).rejects.toMatchObject(notFound);
  });
});

describe("owner-only actions", () => {
  it("refuse members with FORBIDDEN and change nothing", async () => {
    const db = testDb.db;
    const { team, ownerId, memberIds } = await teamWithMembers(db, 2);
    const [memberId, otherMemberId] = memberIds as [string, string];
    await expect(transferOwnership(db, memberId, team.id, otherMemberId)).rejects.toMatchObject(forbidden);
    await expect(removeMember(db, memberId, team.id, otherMemberId)).rejects.toMatchObject(forbidden);
    await expect(removeMember(db, memberId, team.id, ownerId)).rejects.toMatchObject(forbidden);
    await expect(renameTeam(db, memberId, team.id, { name: "Hijacked" })).rejects.toMatchObject(forbidden);

    const details = await getTeamForMember(db, ownerId, team.slug);
    expect(details.name).toBe(team.name);
    expect(details.members).toHaveLength(3);
    expect(await ownersOf(db, team.id)).toEqual([ownerId]);
  });

  it("refuse non-members with NOT_FOUND", async () => {
    const db = testDb.db;
    const { team, memberIds } = await teamWithMembers(db, 1);
    const outsiderId = await createUser(db, "Outsider");
    await expect(transferOwnership(db, outsiderId, team.id, memberIds[0]!)).rejects.toMatchObject(notFound);
    await expect(removeMember(db, outsiderId, team.id, memberIds[0]!)).rejects.toMatchObject(notFound);
    await expect(renameTeam(db, outsiderId, team.id, { name: "Hijacked" })).rejects.toMatchObject(notFound);
  });
});

describe("transferOwnership", () => {
  it("swaps the roles: the new owner owns, the old one stays as a member", async () => {
    const db = testDb.db;
    const { team, ownerId, memberIds } = await teamWithMembers(db, 1);
    await transferOwnership(db, ownerId, team.id, memberIds[0]!);
    expect(await ownersOf(db, team.id)).toEqual([memberIds[0]]);
    expect((await getTeamForMember(db, ownerId, team.slug)).myRole).toBe("member");
  });

  it("only hands the team to a member", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    const outsiderId = await createUser(db, "Outsider");
    await expect(transferOwnership(db, ownerId, team.id, outsiderId)).rejects.toMatchObject(notFound);
    await expect(transferOwnership(db, ownerId, team.id, ownerId)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect(await ownersOf(db, team.id)).toEqual([ownerId]);
  });

  it("leaves exactly one owner when two transfers race", async () => {
    const db = testDb.db;
    // Several rounds, so that a missing lock cannot pass by luck of scheduling.
    for (let round = 0; round < 5; round += 1) {
      const { team, ownerId, memberIds } = await teamWithMembers(db, 2);
      const results = await Promise.allSettled(
        memberIds.map((memberId) => transferOwnership(db, ownerId, team.id, memberId)),
      );
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((result) => result.status === "rejected");
      expect(rejected?.status === "rejected" && rejected.reason).toMatchObject(forbidden);
      const owners = await ownersOf(db, team.id);
      expect(owners).toHaveLength(1);
      expect(memberIds).toContain(owners[0]);
    }
  });
});

describe("removeMember", () => {
  it("removes a member, who then cannot see the team", async () => {
    const db = testDb.db;
    const { team, ownerId, memberIds } = await teamWithMembers(db, 1);
    await removeMember(db, ownerId, team.id, memberIds[0]!);
    expect((await getTeamForMember(db, ownerId, team.slug)).members.map((member) => member.userId)).toEqual([ownerId]);
    await expect(getTeamForMember(db, memberIds[0]!, team.slug)).rejects.toMatchObject(notFound);
  });

  it("refuses to remove a non-member or the owner themself", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    const outsiderId = await createUser(db, "Outsider");
    await expect(removeMember(db, ownerId, team.id, outsiderId)).rejects.toMatchObject(notFound);
    await expect(removeMember(db, ownerId, team.id, ownerId)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await ownersOf(db, team.id)).toEqual([ownerId]);
  });
});

describe("leaveTeam", () => {
  it("lets a member leave", async () => {
    const db = testDb.db;
    const { team, memberIds } = await teamWithMembers(db, 1);
    await expect(leaveTeam(db, memberIds[0]!, team.id)).resolves.toEqual({ teamDeleted: false });
    expect(await listMyTeams(db, memberIds[0]!)).toEqual([]);
  });

  it("keeps an owner with members from leaving", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 1);
    await expect(leaveTeam(db, ownerId, team.id)).rejects.toMatchObject({
      code: "OWNER_CANNOT_LEAVE",
      message: expect.stringContaining("Transfer ownership first"),
    });
    expect(await ownersOf(db, team.id)).toEqual([ownerId]);
  });

  it("deletes the team when its sole member, the owner, leaves", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    await expect(leaveTeam(db, ownerId, team.id)).resolves.toEqual({ teamDeleted: true });
    expect(await db.select().from(teams).where(eq(teams.id, team.id))).toEqual([]);
  });

  it("lets an owner leave after transferring ownership", async () => {
    const db = testDb.db;
    const { team, ownerId, memberIds } = await teamWithMembers(db, 1);
    await transferOwnership(db, ownerId, team.id, memberIds[0]!);
    await expect(leaveTeam(db, ownerId, team.id)).resolves.toEqual({ teamDeleted: false });
    expect(await ownersOf(db, team.id)).toEqual([memberIds[0]]);
  });

  it("answers NOT_FOUND to non-members and for unknown teams", async () => {
    const db = testDb.db;
    const { team } = await teamWithMembers(db, 0);
    const outsiderId = await createUser(db, "Outsider");
    await expect(leaveTeam(db, outsiderId, team.id)).rejects.toMatchObject(notFound);
    await expect(leaveTeam(db, outsiderId, crypto.randomUUID())).rejects.toMatchObject(notFound);
  });
});

describe("renameTeam", () => {
  it("renames the team and keeps its slug", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    await expect(renameTeam(db, ownerId, team.id, { name: " Milliwatt Club " })).resolves.toEqual({
      name: "Milliwatt Club",
    });
    const details = await getTeamForMember(db, ownerId, team.slug);
    expect(details).toMatchObject({ name: "Milliwatt Club", slug: team.slug });
  });

  it("validates the new name", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    await expect(renameTeam(db, ownerId, team.id, { name: "x" })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("team names are unique and the site's own are reserved", () => {
  it("refuses a name taken by another team, ignoring case and compatibility forms, on create and rename", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Gil");
    const taken = await createTeam(db, userId, { name: "Kilowatt Kids" });
    const other = await createTeam(db, userId, { name: "Other Kids" });
    for (const name of ["Kilowatt Kids", "kilowatt kids", "KILOWATT  KIDS", "Ｋｉｌｏｗａｔｔ Ｋｉｄｓ"]) {
      const created = createTeam(db, userId, { name });
      await expect(created, name).rejects.toMatchObject({
        code: "TEAM_NAME_TAKEN",
        message: expect.stringContaining("Another team is already called"),
      });
      await expect(renameTeam(db, userId, other.id, { name }), name).rejects.toMatchObject({ code: "TEAM_NAME_TAKEN" });
    }
    expect((await getTeamForMember(db, userId, other.slug)).name).toBe("Other Kids");
    // A team may change the case of its own name.
    await expect(renameTeam(db, userId, taken.id, { name: "KILOWATT KIDS" })).resolves.toEqual({
      name: "KILOWATT KIDS",
    });
  });

  it("lets exactly one of several teams created at once with one name have it", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Hal");
    const results = await Promise.allSettled(
      ["Photon Five", "photon five", "PHOTON FIVE"].map((name) => createTeam(db, userId, { name })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((result) => result.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "TEAM_NAME_TAKEN" });
    }
  });

  it("holds every writer to the unique index, not only the site's code", async () => {
    const db = testDb.db;
    const { team } = await teamWithMembers(db, 0);
    const { team: other } = await teamWithMembers(db, 0);
    await expect(
      db.execute(sql`update teams set name = upper(${team.name}) where id = ${other.id}`),
    ).rejects.toMatchObject({
      cause: { code: "23505", constraint_name: "teams_name_key_idx" },
    });
  });

  it("refuses the site's own names and their look-alikes, on create and rename", async () => {
    const db = testDb.db;
    const { team, ownerId } = await teamWithMembers(db, 0);
    for (const name of [
      "Joulebench baselines",
      "Јоulebench Baselines",
      "J0ULEBENCH",
      "Joule-Bench fans",
      "admin",
      "ОRGANIZERS",
    ]) {
      await expect(createTeam(db, ownerId, { name }), name).rejects.toMatchObject({ code: "TEAM_NAME_RESERVED" });
      await expect(renameTeam(db, ownerId, team.id, { name }), name).rejects.toMatchObject({
        code: "TEAM_NAME_RESERVED",
        message: expect.stringContaining("a name the site uses for itself"),
      });
    }
    expect(await listMyTeams(db, ownerId)).toHaveLength(1);
  });

  it("lets the site create its own team under a reserved name", async () => {
    const db = testDb.db;
    const userId = await createUser(db, "Site");
    await expect(createTeam(db, userId, { name: "Joulebench baselines" }, { asSite: true })).resolves.toMatchObject({
      name: "Joulebench baselines",
    });
  });
});
