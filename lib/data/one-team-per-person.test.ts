import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { competitionRegistrations, competitions, teamInvites, teamMemberships, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { seedCompetition } from "../../test-support/competition-fixture";
import { registerTeam } from "./registrations";
import { acceptInvite, createInvite } from "./team-invites";
import { createTeam } from "./teams";

const testDb = useTestDatabase();

let counter = 0;
async function person(db: Database, name: string): Promise<{ id: string; email: string }> {
  counter += 1;
  const email = `${name.toLowerCase()}.${counter}@example.com`;
  const [user] = await db.insert(users).values({ name, email, emailVerified: new Date() }).returning({ id: users.id });
  return { id: user!.id, email };
}

/** An open competition (the fixture's), and Ada in two teams, Red and Blue, neither of which has entered it. */
async function twoTeamsSharingAda(db: Database) {
  const item = await seedCompetition(db, { register: false });
  const ada = await person(db, "Ada");
  const bob = await person(db, "Bob");
  const tag = ++counter;
  const red = await createTeam(db, ada.id, { name: `Red ${tag}` });
  const blue = await createTeam(db, bob.id, { name: `Blue ${tag}` });
  await db.insert(teamMemberships).values({ teamId: blue.id, userId: ada.id, role: "member" });
  const enter = (actorId: string, teamId: string) =>
    registerTeam(db, actorId, item.competitionSlug, { teamId, acceptRules: true });
  const entries = () =>
    db.select().from(competitionRegistrations).where(eq(competitionRegistrations.competitionId, item.competitionId));
  const setRule = (on: boolean) =>
    db.update(competitions).set({ oneTeamPerPerson: on }).where(eq(competitions.id, item.competitionId));
  return { item, ada, bob, red, blue, enter, entries, setRule };
}

describe("one registered team per person and competition", () => {
  it("refuses a team whose member entered with another team, naming the competition (and the actor's other team)", async () => {
    const { item, ada, bob, red, blue, enter, entries } = await twoTeamsSharingAda(testDb.db);
    await enter(ada.id, red.id);

    const byAda = await appErrorFrom(enter(ada.id, blue.id));
    expect(byAda.code).toBe("ONE_TEAM_PER_PERSON");
    expect(byAda.message).toContain(`registered in "Tiny" with the team "${red.name}"`);

    // Bob is not told which other team Ada is in, only that she must choose.
    const byBob = await appErrorFrom(enter(bob.id, blue.id));
    expect(byBob.code).toBe("ONE_TEAM_PER_PERSON");
    expect(byBob.message).toContain(`Ada is already registered in "Tiny" with another team`);
    expect(byBob.message).not.toContain(red.name);

    expect((await entries()).map((entry) => entry.teamId)).toEqual([red.id]);
    // Once Ada leaves Red, Blue may enter.
    await testDb.db.delete(teamMemberships).where(eq(teamMemberships.teamId, red.id));
    await enter(bob.id, blue.id);
    await item.cleanup();
  });

  it("refuses joining a registered team, by open link or addressed invite, without using up the invite", async () => {
    const { item, ada, bob, red, blue, enter } = await twoTeamsSharingAda(testDb.db);
    await testDb.db.delete(teamMemberships).where(eq(teamMemberships.userId, ada.id));
    await testDb.db.insert(teamMemberships).values({ teamId: red.id, userId: ada.id, role: "owner" });
    await enter(ada.id, red.id);
    await enter(bob.id, blue.id);

    const link = await createInvite(testDb.db, bob.id, blue.id, {});
    const addressed = await createInvite(testDb.db, bob.id, blue.id, { email: ada.email });
    for (const token of [link.token, addressed.token]) {
      const error = await appErrorFrom(acceptInvite(testDb.db, ada.id, ada.email, token));
      expect(error.code).toBe("ONE_TEAM_PER_PERSON");
      expect(error.message).toContain(`registered in "Tiny" with the team "${red.name}"`);
    }
    const [invite] = await testDb.db.select().from(teamInvites).where(eq(teamInvites.id, addressed.inviteId));
    expect(invite!.usedAt).toBeNull();
    expect(await testDb.db.select().from(teamMemberships).where(eq(teamMemberships.teamId, blue.id))).toHaveLength(1);

    // Someone registered nowhere joins as usual.
    const cleo = await person(testDb.db, "Cleo");
    await acceptInvite(testDb.db, cleo.id, cleo.email, link.token);
    // An archived competition no longer binds: Ada may join Blue then.
    await testDb.db.update(competitions).set({ status: "archived" }).where(eq(competitions.id, item.competitionId));
    await acceptInvite(testDb.db, ada.id, ada.email, addressed.token);
    await item.cleanup();
  });

  it("lets organizers turn the rule off: then both teams enter, and joining is free", async () => {
    const { item, ada, bob, red, blue, enter, entries, setRule } = await twoTeamsSharingAda(testDb.db);
    await setRule(false);
    await enter(ada.id, red.id);
    await enter(bob.id, blue.id);
    expect(await entries()).toHaveLength(2);
    const cleo = await person(testDb.db, "Cleo");
    const cleoTeam = await createTeam(testDb.db, cleo.id, { name: `Green ${counter}` });
    await enter(cleo.id, cleoTeam.id);
    const link = await createInvite(testDb.db, bob.id, blue.id, {});
    await acceptInvite(testDb.db, cleo.id, cleo.email, link.token);
    // Turning it back on is not retroactive, but binds from then on.
    await setRule(true);
    const dan = await person(testDb.db, "Dan");
    const danTeam = await createTeam(testDb.db, dan.id, { name: `Yellow ${counter}` });
    await enter(dan.id, danTeam.id);
    expect((await appErrorFrom(acceptInvite(testDb.db, dan.id, dan.email, link.token))).code).toBe(
      "ONE_TEAM_PER_PERSON",
    );
    await item.cleanup();
  });

  it("lets exactly one of two teams sharing a member enter when both try at once", async () => {
    const { item, ada, bob, red, blue, enter, entries } = await twoTeamsSharingAda(testDb.db);
    // A third connection holds the competition's row, which both entries' inserts must share-lock (the foreign
    // key), so both reach their insert, or the lock before it, before either can commit: a real race, every time.
    const blocker = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      const released = blocker.begin(async (tx) => {
        await tx`select id from competitions where id = ${item.competitionId} for update`;
        const results = Promise.allSettled([enter(ada.id, red.id), enter(bob.id, blue.id)]);
        await waitForLockWaiters(testDb.db, 2);
        // Wrapped: a promise returned as it is would be awaited before the blocker commits, which it waits for.
        return { results };
      });
      const results = await (await released).results;
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "ONE_TEAM_PER_PERSON" });
      expect(await entries()).toHaveLength(1);
    } finally {
      await blocker.end();
    }
    await item.cleanup();
  });

  it("keeps a join and its team's entry from both passing when they race", async () => {
    const { item, ada, bob, red, blue, enter, entries } = await twoTeamsSharingAda(testDb.db);
    await testDb.db.delete(teamMemberships).where(eq(teamMemberships.teamId, blue.id));
    await testDb.db.insert(teamMemberships).values({ teamId: blue.id, userId: bob.id, role: "owner" });
    await enter(ada.id, red.id);
    const link = await createInvite(testDb.db, bob.id, blue.id, {});
    const blocker = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      const released = blocker.begin(async (tx) => {
        // Ada's row too: the join's insert share-locks it (foreign key). Whichever goes first then waits at its
        // insert, and the other at the team's row.
        await tx`select id from competitions where id = ${item.competitionId} for update`;
        await tx`select id from users where id = ${ada.id} for update`;
        const results = Promise.allSettled([
          enter(bob.id, blue.id),
          acceptInvite(testDb.db, ada.id, ada.email, link.token),
        ]);
        await waitForLockWaiters(testDb.db, 2);
        // Wrapped: a promise returned as it is would be awaited before the blocker commits, which it waits for.
        return { results };
      });
      const results = await (await released).results;
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const adaInBlue = await testDb.db.select().from(teamMemberships).where(eq(teamMemberships.teamId, blue.id));
      const blueEntered = (await entries()).some((entry) => entry.teamId === blue.id);
      expect(blueEntered && adaInBlue.some((member) => member.userId === ada.id)).toBe(false);
    } finally {
      await blocker.end();
    }
    await item.cleanup();
  });
});

/** Waits until `count` sessions of this database wait for a lock (the transactions under test are inside). */
async function waitForLockWaiters(db: Database, count: number): Promise<void> {
  for (;;) {
    const [row] = await db.execute<{ waiting: number }>(
      sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
