import { appErrorFrom } from "../../test-support/app-error";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  competitionOrganizers,
  competitions,
  evaluationEvents,
  evaluations,
  hardwareProfiles,
  siteAdmins,
  submissions,
  tasks,
  teamMemberships,
  tracks,
  users,
} from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { cancelEvaluation, enqueueEvaluation, listEvaluationEvents, recordStateChange } from "./evaluations";
import { EVALUATION_RETRY_LIMIT, queueDatabase } from "../queue/evaluation-queue";
import { insertFixtureTeam } from "../../test-support/fixture-team";

const testDb = useTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
});

async function createUser(): Promise<string> {
  const [user] = await testDb.db
    .insert(users)
    .values({ email: `${randomUUID()}@example.com` })
    .returning();
  return user!.id;
}

/** A team with one member, on a track of its own competition, with one submission. */
async function seed() {
  const db = testDb.db;
  const suffix = randomUUID().slice(0, 8);
  const memberId = await createUser();
  const team = await insertFixtureTeam(db, { slug: `t-${suffix}`, name: "Volts" });
  await db.insert(teamMemberships).values({ teamId: team!.id, userId: memberId, role: "owner" });
  const [competition] = await db
    .insert(competitions)
    .values({ slug: `c-${suffix}`, title: "Tiny" })
    .returning();
  const [task] = await db
    .insert(tasks)
    .values({
      slug: `k-${suffix}`,
      title: "Tiny",
      inputFields: ["text"],
      labels: ["a", "b"],
      metrics: ["accuracy"],
      datasetFiles: {},
    })
    .returning();
  await db
    .insert(hardwareProfiles)
    .values({ id: "cpu-2t", title: "Two CPU threads", kind: "cpu", spec: {} })
    .onConflictDoNothing();
  const [track] = await db
    .insert(tracks)
    .values({ competitionId: competition!.id, taskId: task!.id, hardwareProfileId: "cpu-2t", title: "Main" })
    .returning();
  const [submission] = await db
    .insert(submissions)
    .values({
      teamId: team!.id,
      trackId: track!.id,
      name: "tiny",
      artifactPath: "x.zip",
      sha256: "0".repeat(64),
      sizeBytes: 1,
    })
    .returning();
  return { memberId, competitionId: competition!.id, submissionId: submission!.id };
}

const failure = appErrorFrom;

const evaluationRow = async (id: string) =>
  (await testDb.db.select().from(evaluations).where(eq(evaluations.id, id)))[0]!;
const submissionState = async (id: string) =>
  (await testDb.db.select().from(submissions).where(eq(submissions.id, id)))[0]!.state;

describe("queueDatabase", () => {
  it("runs pg-boss's statements inside our transaction, so a rollback takes the job with it", async () => {
    await boss.createQueue("adapter-test");
    const kept = await testDb.db.transaction((tx) => boss.send("adapter-test", { n: 1 }, { db: queueDatabase(tx) }));
    const rolledBack = randomUUID();
    await testDb.db
      .transaction(async (tx) => {
        await boss.send("adapter-test", { n: 2 }, { id: rolledBack, db: queueDatabase(tx) });
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await boss.getJobById("adapter-test", kept!)).toMatchObject({ data: { n: 1 }, state: "created" });
    expect(await boss.getJobById("adapter-test", rolledBack)).toBeNull();

    // fetch, and complete with its array parameter, work through it too.
    const [job] = await boss.fetch("adapter-test", { batchSize: 1, db: queueDatabase(testDb.db) });
    expect(job?.id).toBe(kept);
    await boss.complete("adapter-test", kept!, { done: true }, { db: queueDatabase(testDb.db) });
    expect(await boss.getJobById("adapter-test", kept!)).toMatchObject({ state: "completed", output: { done: true } });
  });
});

describe("enqueueEvaluation", () => {
  it("creates the evaluation, its first event and its job, and marks the submission queued", async () => {
    const { submissionId } = await seed();
    const { evaluationId, jobId, queueName } = await enqueueEvaluation(testDb.db, boss, { submissionId });

    expect(queueName).toBe("evaluate.cpu-2t");
    expect(jobId).toBe(evaluationId);
    expect(await evaluationRow(evaluationId)).toMatchObject({
      state: "queued",
      attempts: 0,
      progress: 0,
      hardwareProfileId: "cpu-2t",
      jobId,
    });
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, evaluationId));
    expect(events).toEqual([
      expect.objectContaining({ state: "queued", attempt: 0, message: "queued on evaluate.cpu-2t" }),
    ]);
    expect(await submissionState(submissionId)).toBe("queued");
    const job = await boss.getJobById(queueName, jobId);
    expect(job).toMatchObject({
      state: "created",
      data: { evaluationId },
      singletonKey: evaluationId,
      retryLimit: EVALUATION_RETRY_LIMIT,
    });
  });

  it("queues a submission once while an evaluation of it is pending", async () => {
    const { submissionId } = await seed();
    const [first, second] = await Promise.allSettled([
      enqueueEvaluation(testDb.db, boss, { submissionId }),
      enqueueEvaluation(testDb.db, boss, { submissionId }),
    ]);
    const outcomes = [first, second].map((outcome) => outcome.status);
    expect(outcomes.sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = [first, second].find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT" });
    expect(await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, submissionId))).toHaveLength(
      1,
    );
  });

  it("refuses unknown and withdrawn submissions", async () => {
    expect((await failure(enqueueEvaluation(testDb.db, boss, { submissionId: "nope" }))).code).toBe("NOT_FOUND");
    const { submissionId } = await seed();
    await testDb.db.update(submissions).set({ state: "withdrawn" }).where(eq(submissions.id, submissionId));
    expect((await failure(enqueueEvaluation(testDb.db, boss, { submissionId }))).code).toBe("CONFLICT");
  });
});

describe("recordStateChange", () => {
  it("moves the evaluation and notes the change, only for the current attempt and holder, and never after the end", async () => {
    const { submissionId } = await seed();
    const { evaluationId } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    await testDb.db
      .update(evaluations)
      .set({ attempts: 2, runnerId: "runner-b", state: "validating" })
      .where(eq(evaluations.id, evaluationId));
    const change = { evaluationId, runnerId: "runner-b", heldBy: "runner-b" };

    expect(await recordStateChange(testDb.db, { ...change, attempt: 1, state: "measuring" })).toBe(false);
    expect(await recordStateChange(testDb.db, { ...change, attempt: 2, heldBy: "runner-a", state: "measuring" })).toBe(
      false,
    );
    expect(
      await recordStateChange(testDb.db, {
        ...change,
        attempt: 2,
        state: "measuring",
        progress: 0.4,
        message: "latency pass",
      }),
    ).toBe(true);
    expect(await evaluationRow(evaluationId)).toMatchObject({ state: "measuring", progress: 0.4, finishedAt: null });

    const error = { code: "TIMEOUT", message: "too slow" };
    expect(await recordStateChange(testDb.db, { ...change, attempt: 2, state: "failed", error })).toBe(true);
    expect(await evaluationRow(evaluationId)).toMatchObject({
      state: "failed",
      errorCode: "TIMEOUT",
      errorMessage: "too slow",
      finishedAt: expect.any(Date),
    });
    expect(await recordStateChange(testDb.db, { ...change, attempt: 2, state: "finished" })).toBe(false);

    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, evaluationId))
      .orderBy(asc(evaluationEvents.id));
    expect(events.map((event) => [event.state, event.attempt, event.runnerId, event.message])).toEqual([
      ["queued", 0, null, "queued on evaluate.cpu-2t"],
      ["measuring", 2, "runner-b", "latency pass"],
      ["failed", 2, "runner-b", "TIMEOUT: too slow"],
    ]);
  });
});

describe("listEvaluationEvents", () => {
  it("shows the timeline to the team, the competition's organizers and site admins only", async () => {
    const { submissionId, memberId, competitionId } = await seed();
    const { evaluationId } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    const organizerId = await createUser();
    await testDb.db.insert(competitionOrganizers).values({ competitionId, userId: organizerId });
    const adminId = await createUser();
    await testDb.db.insert(siteAdmins).values({ userId: adminId });
    const strangerId = await createUser();

    for (const reader of [memberId, organizerId, adminId]) {
      expect((await listEvaluationEvents(testDb.db, reader, evaluationId)).map((event) => event.state)).toEqual([
        "queued",
      ]);
    }
    expect((await failure(listEvaluationEvents(testDb.db, strangerId, evaluationId))).code).toBe("NOT_FOUND");
    expect((await failure(listEvaluationEvents(testDb.db, memberId, "no-such-evaluation"))).code).toBe("NOT_FOUND");
  });
});

describe("cancelEvaluation", () => {
  it("cancels the evaluation and its job, and frees the submission to be queued again", async () => {
    const { submissionId, memberId } = await seed();
    const { evaluationId, jobId, queueName } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    await cancelEvaluation(testDb.db, boss, memberId, evaluationId);

    expect(await evaluationRow(evaluationId)).toMatchObject({ state: "cancelled", finishedAt: expect.any(Date) });
    expect((await boss.getJobById(queueName, jobId))?.state).toBe("cancelled");
    expect(await submissionState(submissionId)).toBe("uploaded");
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, evaluationId));
    expect(events.map((event) => event.state)).toEqual(["queued", "cancelled"]);
    // The timeline names the canceller as people know them, never by an internal id.
    const [member] = await testDb.db.select({ email: users.email }).from(users).where(eq(users.id, memberId));
    expect(events[1]!.message).toBe(`cancelled by ${member!.email}`);
    expect((await failure(cancelEvaluation(testDb.db, boss, memberId, evaluationId))).code).toBe("CONFLICT");
    await enqueueEvaluation(testDb.db, boss, { submissionId });
  });

  it("refuses anyone outside the team", async () => {
    const { submissionId } = await seed();
    const { evaluationId } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    expect((await failure(cancelEvaluation(testDb.db, boss, await createUser(), evaluationId))).code).toBe("NOT_FOUND");
    expect((await evaluationRow(evaluationId)).state).toBe("queued");
  });
});
