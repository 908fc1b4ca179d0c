/**
 * The content stamp moves with every change a cached public page shows (boards, competitions, phases, teams,
 * registrations, runners coming and going), and stays put for the runner's frequent writes (progress lines,
 * heartbeats), which would otherwise empty the page cache every few seconds.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { competitions, evaluations, phases, runners, teams } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { addSubmission, createTeam, seedBoard } from "../../test-support/leaderboard-fixture";
import { contentStampReader } from "./content-stamp";

const testDb = useTestDatabase();

describe("the content stamp", () => {
  it("moves with what public pages show, and not with progress lines or heartbeats", async () => {
    const db = testDb.db;
    const readStamp = contentStampReader(db.$client);
    const board = await seedBoard(db);
    const team = await createTeam(db, "Volts");
    let last = await readStamp();
    const expectMoved = async (what: string) => {
      const now = await readStamp();
      expect(now, what).not.toBe(last);
      last = now;
    };
    const expectStill = async (what: string) => expect(await readStamp(), what).toBe(last);

    const { evaluationId } = await addSubmission(db, board, {
      teamId: team,
      name: "frugal",
      accuracy: { public: 0.86 },
      joulesPerInference: 0.01,
    });
    await expectMoved("a scored submission (its board's version)");
    await db.update(evaluations).set({ progress: 0.5, log: "block 3 of 10" }).where(eq(evaluations.id, evaluationId));
    await expectStill("the runner's progress and log lines");

    await db.update(competitions).set({ title: "Renamed" }).where(eq(competitions.id, board.competitionId));
    await expectMoved("a competition's title");
    await db
      .update(phases)
      .set({ endsAt: new Date(Date.now() + 86_400_000) })
      .where(eq(phases.competitionId, board.competitionId));
    await expectMoved("a phase's deadline");
    await db.update(teams).set({ name: "Volts United" }).where(eq(teams.id, team));
    await expectMoved("a team's name");
    // A team on no board yet (the teams page and competition cards still show it): the boards' versions stay.
    const newcomer = await createTeam(db, "Amps");
    last = await readStamp();
    await db.update(teams).set({ name: "Amps Two" }).where(eq(teams.id, newcomer));
    await expectMoved("the name of a team on no board");

    await db
      .insert(runners)
      .values({ id: "runner-1", hostname: "bench-1", hardwareProfileIds: ["cpu-1t"], version: "1" });
    await expectMoved("a runner registering");
    await db.update(runners).set({ lastHeartbeatAt: sql`now()` }).where(eq(runners.id, "runner-1"));
    await db.update(runners).set({ currentEvaluationId: evaluationId }).where(eq(runners.id, "runner-1"));
    await expectStill("a runner's heartbeat and claim");
    await db.update(runners).set({ stoppedAt: sql`now()` }).where(eq(runners.id, "runner-1"));
    await expectMoved("a runner stopping");
  });

  it("shares one query between the requests that ask while it runs", async () => {
    const readStamp = contentStampReader(testDb.db.$client);
    const [first, second, third] = [readStamp(), readStamp(), readStamp()];
    expect(second).toBe(first);
    expect(third).toBe(first);
    await first;
    expect(readStamp()).not.toBe(first);
  });
});
