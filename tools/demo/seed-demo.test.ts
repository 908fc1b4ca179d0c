import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "../../db/client";
import {
  competitionOrganizers,
  competitionRegistrations,
  competitions,
  evaluations,
  phases,
  submissions,
  teamMemberships,
  teams,
  tracks,
  users,
} from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { buildTinyKit } from "../../test-support/baselines/tiny-kit";
import { isOrganizersTeam } from "../../lib/data/submission-quotas";
import { LocalArtifactStore } from "../../lib/storage/local-store";
import { ensureBaselinesBuilt, type BuiltBundle } from "./baseline-build";
import { describeProgress, isDone, trackProgress } from "./demo-progress";
import { BASELINES_TEAM_NAME, DEMO_COMPETITION_ORDER, seedDemo, withDemoLock, type DemoSeed } from "./seed-demo";
import { demoTracks, submitDemoBaselines } from "./submit-baselines";
import { submitSuperglueEntry } from "./superglue-entry";

const SHARED_DATASETS = path.resolve("../shared/datasets");

const testDb = useTestDatabase();
let workDir: string;
let store: LocalArtifactStore;
let boss: PgBoss;
const clients: ReturnType<typeof createDatabaseClient>[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "demo-seed-"));
  store = new LocalArtifactStore(path.join(workDir, "storage"));
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await Promise.all(clients.map((client) => client.close()));
  await rm(workDir, { recursive: true, force: true });
});

/** What the demo process uses: its own client with one connection, for the seed's session lock. */
function singleConnection() {
  const client = createDatabaseClient(testDb.url, { max: 1 });
  clients.push(client);
  return client.db;
}

/** The kit's real export at toy scale, written as the demo writes the real one. */
async function tinyBundles(): Promise<BuiltBundle[]> {
  const groups = ["sst2", "rte", "sms-spam"].map((task) => ({
    task,
    inputs: [],
    build: async () => buildTinyKit(5).filter((baseline) => baseline.card.task === task),
  }));
  return (await ensureBaselinesBuilt({ outDir: path.join(workDir, "baselines"), datasetsRoot: workDir, groups }))
    .bundles;
}

let seed: DemoSeed;

describe("the demo competitions", () => {
  it("are created once, even by two starts at the same instant", async () => {
    const [first, second] = await Promise.all([
      seedDemo(singleConnection(), store),
      seedDemo(singleConnection(), store),
    ]);
    seed = first;
    expect(second.teamId).toBe(first.teamId);
    expect(first.competitions.map((competition) => competition.slug)).toEqual(DEMO_COMPETITION_ORDER);
    expect([...first.competitions, ...second.competitions].filter((competition) => competition.created)).toHaveLength(
      4,
    );
    expect(await testDb.db.select().from(competitions)).toHaveLength(4);
    expect(await testDb.db.select().from(teams).where(eq(teams.name, BASELINES_TEAM_NAME))).toHaveLength(1);
    const [again] = await Promise.all([seedDemo(singleConnection(), store)]);
    expect(again.competitions.every((competition) => !competition.created)).toBe(true);
    expect(await testDb.db.select().from(competitions)).toHaveLength(4);
  });

  it("are public and open now, with their tracks, an open development phase, an overview and rules", async () => {
    const rows = await testDb.db.select().from(competitions).where(inArray(competitions.slug, DEMO_COMPETITION_ORDER));
    for (const competition of rows) {
      expect(competition).toMatchObject({ visibility: "public", status: "open" });
      expect(competition.overviewMarkdown).toContain("Why inference energy matters");
      expect(competition.rulesMarkdown.length).toBeGreaterThan(100);
      const [phase] = await testDb.db.select().from(phases).where(eq(phases.competitionId, competition.id));
      expect(phase?.kind).toBe("development");
      expect(phase!.startsAt.getTime()).toBeLessThan(Date.now());
      expect(phase!.endsAt.getTime()).toBeGreaterThan(Date.now());
    }
    const tracksOf = await demoTracks({ db: testDb.db }, seed);
    expect(tracksOf.map((track) => `${track.competitionSlug}/${track.task}@${track.profile}`)).toEqual([
      "sst2-sustainable-inference/sst2@cpu-1t",
      "sst2-sustainable-inference/sst2@cpu-2t",
      "sst2-sustainable-inference/sst2@gpu",
      "rte-sentence-pairs/rte@cpu-1t",
      "sms-spam-imbalanced/sms-spam@cpu-1t",
      "superglue-lite/boolq@cpu-1t",
    ]);
    expect(tracksOf.map((track) => track.multiTask)).toEqual([false, false, false, false, false, true]);
    const [spam] = await testDb.db.select().from(tracks).where(eq(tracks.id, tracksOf[4]!.id));
    expect(spam).toMatchObject({
      qualityMetric: "macro_f1",
      rankingRule: "energy-at-threshold",
      qualityThreshold: 0.9,
    });
  });

  it("are organized by the baselines user, whose team has entered each, and who cannot sign in", async () => {
    const [user] = await testDb.db.select().from(users).where(eq(users.id, seed.userId));
    expect(user?.passwordHash).toBeNull();
    expect(user?.email).toMatch(/\.invalid$/);
    const ids = seed.competitions.map((competition) => competition.id);
    expect(
      await testDb.db
        .select()
        .from(competitionOrganizers)
        .where(and(eq(competitionOrganizers.userId, seed.userId), inArray(competitionOrganizers.competitionId, ids))),
    ).toHaveLength(4);
    expect(
      await testDb.db.select().from(competitionRegistrations).where(eq(competitionRegistrations.teamId, seed.teamId)),
    ).toHaveLength(4);
  });
});

describe("the demo's baselines", () => {
  it("are submitted through the team path to every CPU track of their task, SST-2 first, marked baselines, queued", async () => {
    const bundles = await tinyBundles();
    // Quotas far below the seven SST-2 baselines: the organizers' own team is not held to them.
    await testDb.db
      .update(phases)
      .set({ submissionsPerDay: 2, submissionsTotal: 2, concurrentSubmissions: 1 })
      .where(eq(phases.competitionId, seed.competitions[0]!.id));
    const outcome = await submitDemoBaselines({ db: testDb.db, queue: boss, store }, seed, bundles);
    const sst2Count = bundles.filter((bundle) => bundle.task === "sst2").length;
    expect(outcome).toEqual({ submitted: sst2Count * 2 + 2, alreadyThere: 0 });

    const rows = await testDb.db
      .select()
      .from(submissions)
      .where(eq(submissions.teamId, seed.teamId))
      .orderBy(submissions.createdAt);
    expect(rows.every((row) => row.isBaseline && row.state === "queued")).toBe(true);
    const allTracks = await demoTracks({ db: testDb.db }, seed);
    const profileOf = new Map(allTracks.map((track) => [track.id, `${track.task}@${track.profile}`]));
    expect(rows.some((row) => profileOf.get(row.trackId)?.endsWith("@gpu"))).toBe(false);
    // The cpu-1t queue is served oldest first: every SST-2 baseline was queued before RTE and SMS spam.
    const cpu1t = rows
      .filter((row) => profileOf.get(row.trackId)?.endsWith("@cpu-1t"))
      .map((row) => profileOf.get(row.trackId));
    expect(cpu1t).toEqual([...Array(sst2Count).fill("sst2@cpu-1t"), "rte@cpu-1t", "sms-spam@cpu-1t"]);
    const queued = await testDb.db
      .select()
      .from(evaluations)
      .where(
        inArray(
          evaluations.submissionId,
          rows.map((row) => row.id),
        ),
      );
    expect(queued).toHaveLength(rows.length);
  });

  it("are exempt from quotas only while every member of their team organizes the competition", async () => {
    const competitionId = seed.competitions[0]!.id;
    expect(await isOrganizersTeam(testDb.db, seed.teamId, competitionId)).toBe(true);
    const [outsider] = await testDb.db
      .insert(users)
      .values({ email: "outsider@example.com", name: "outsider" })
      .returning();
    await testDb.db.insert(teamMemberships).values({ teamId: seed.teamId, userId: outsider!.id, role: "member" });
    expect(await isOrganizersTeam(testDb.db, seed.teamId, competitionId)).toBe(false);
    await testDb.db.delete(teamMemberships).where(eq(teamMemberships.userId, outsider!.id));
    expect(await isOrganizersTeam(testDb.db, seed.teamId, competitionId)).toBe(true);
  });

  it("are not submitted again by a later start, and one left unmarked by a stopped start is marked", async () => {
    const bundles = await tinyBundles();
    const [one] = await testDb.db.select().from(submissions).where(eq(submissions.teamId, seed.teamId)).limit(1);
    await testDb.db.update(submissions).set({ isBaseline: false }).where(eq(submissions.id, one!.id));
    const before = await testDb.db.select().from(submissions).where(eq(submissions.teamId, seed.teamId));
    const outcome = await submitDemoBaselines({ db: testDb.db, queue: boss, store }, seed, bundles);
    expect(outcome).toEqual({ submitted: 0, alreadyThere: before.length });
    const after = await testDb.db.select().from(submissions).where(eq(submissions.teamId, seed.teamId));
    expect(after).toHaveLength(before.length);
    expect(after.every((row) => row.isBaseline)).toBe(true);
  });

  it("are submitted once when two starts submit at the same moment, each under the demo's lock", async () => {
    const bundles = await tinyBundles();
    const before = await testDb.db.select().from(submissions).where(eq(submissions.teamId, seed.teamId));
    await testDb.db.delete(submissions).where(eq(submissions.teamId, seed.teamId));
    const submitUnderLock = () => {
      const db = singleConnection();
      return withDemoLock(db, () => submitDemoBaselines({ db, queue: boss, store }, seed, bundles));
    };
    const outcomes = await Promise.all([submitUnderLock(), submitUnderLock()]);
    expect(outcomes.map((outcome) => outcome.submitted).sort()).toEqual([0, before.length]);
    expect(outcomes.map((outcome) => outcome.alreadyThere).sort()).toEqual([0, before.length]);
    expect(await testDb.db.select().from(submissions).where(eq(submissions.teamId, seed.teamId))).toHaveLength(
      before.length,
    );
  });

  it.skipIf(!existsSync(SHARED_DATASETS))(
    "give SuperGLUE-lite one multi-task entry (BoolQ, CB, RTE), queued after every other cpu-1t baseline, once",
    async () => {
      const kitBundles = await tinyBundles();
      const options = { outDir: path.join(workDir, "baselines"), datasetsRoot: SHARED_DATASETS, kitBundles };
      expect(await submitSuperglueEntry({ db: testDb.db, queue: boss, store }, seed, options)).toEqual({
        submitted: 1,
        alreadyThere: 0,
      });
      const allTracks = await demoTracks({ db: testDb.db }, seed);
      const superglue = allTracks.find((track) => track.competitionSlug === "superglue-lite")!;
      const rows = await testDb.db
        .select()
        .from(submissions)
        .where(eq(submissions.teamId, seed.teamId))
        .orderBy(submissions.createdAt);
      const cpu1t = new Set(allTracks.filter((track) => track.profile === "cpu-1t").map((track) => track.id));
      const queueOrder = rows.filter((row) => cpu1t.has(row.trackId));
      expect(queueOrder.at(-1)).toMatchObject({
        trackId: superglue.id,
        isBaseline: true,
        state: "queued",
        name: "superglue-lite-overlap-baselines",
      });
      // A later start finds it (the bundle is the same, byte for byte) and submits nothing.
      expect(await submitSuperglueEntry({ db: testDb.db, queue: boss, store }, seed, options)).toEqual({
        submitted: 0,
        alreadyThere: 1,
      });
    },
    120_000,
  );

  it("are counted board by board for the start's progress line", async () => {
    const allTracks = await demoTracks({ db: testDb.db }, seed);
    const [flagship] = await trackProgress(testDb.db, seed.teamId, allTracks);
    expect(isDone(flagship!)).toBe(false);
    const onFlagship = await testDb.db.select().from(submissions).where(eq(submissions.trackId, flagship!.track.id));
    await testDb.db.update(submissions).set({ state: "scored" }).where(eq(submissions.id, onFlagship[0]!.id));
    await testDb.db.update(submissions).set({ state: "failed" }).where(eq(submissions.id, onFlagship[1]!.id));
    const [updated] = await trackProgress(testDb.db, seed.teamId, allTracks);
    expect(describeProgress(updated!, "http://localhost:3000")).toBe(
      `Demo: 1/${onFlagship.length} baselines measured on SST-2: sustainable inference, cpu-1t (1 failed: see their submission pages) — ` +
        `http://localhost:3000/competitions/sst2-sustainable-inference/tracks/${flagship!.track.id}`,
    );
  });
});
