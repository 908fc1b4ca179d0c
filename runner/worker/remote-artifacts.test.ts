/**
 * A runner on another machine: the submission's bundle and the task's data files exist only in an S3-compatible
 * store (a real s3rver, started here), never in the runner's datasets folder. Whole evaluations, measured for
 * real, and what happens when the store is down or a stored file changed: the runner's fault, back to the
 * queue, never the team's.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, results, submissions, tasks, tracks } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import type { ArtifactStore } from "../../lib/storage/artifact-store";
import { startLocalS3Server, type LocalS3Server } from "../../test-support/storage/local-s3-server";
import { claimNextEvaluation } from "./claim";
import { runEvaluation, type EvaluationSettings } from "./run-evaluation";
import {
  claimedEvaluation,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;
let server: LocalS3Server;
let store: ArtifactStore;
let settings: EvaluationSettings;
let cacheDir: string;
const log: string[] = [];

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  server = await startLocalS3Server();
  store = server.openStore();
  track = await seedEvaluationTrack(testDb.db);
  cacheDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-job-cache-"));
  await storeTaskData();
  settings = {
    // An empty datasets folder: the task's files can only come from the store.
    datasetsRoot: await mkdtemp(path.join(os.tmpdir(), "joulebench-no-datasets-")),
    storageRoot: path.join(track.tempDir, "unused-local-storage"),
    artifactStore: store,
    artifactCacheDir: cacheDir,
    childBundleDir: path.join(track.tempDir, "child"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 10, minDurationMs: 100, throughputMinDurationMs: 100 },
    sandbox: true,
  };
}, 60_000);
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await server?.stop();
  await track?.cleanup();
  await rm(cacheDir, { recursive: true, force: true });
  await rm(settings?.datasetsRoot, { recursive: true, force: true });
});

/** What lib/data/tasks.ts does for an uploaded task: each file into the store, its copy under `artifacts`. */
async function storeTaskData() {
  const [row] = await testDb.db
    .select({ task: tasks })
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(tracks.id, track.trackId));
  const task = row!.task;
  const artifacts: Record<string, unknown> = {};
  for (const file of ["tiny/test.txt", "tiny/reviews.txt"]) {
    artifacts[file] = await store.put(`tasks/${task.id}/${file}`, createReadStream(path.join(track.datasetsDir, file)));
  }
  await testDb.db
    .update(tasks)
    .set({ datasetFiles: { ...task.datasetFiles, artifacts } })
    .where(eq(tasks.id, task.id));
}

/** A claimed evaluation of a submission whose bundle was uploaded to the store (with its true sha256 unless told). */
async function claimStoredSubmission(options: { sha256?: string } = {}) {
  const key = `submissions/${crypto.randomUUID()}/bundle.zip`;
  const stored = await store.put(key, createReadStream(track.bundlePath));
  const { submissionId, claim } = await claimedEvaluation(testDb.db, boss, track, "r1", key);
  await testDb.db
    .update(submissions)
    .set({ sha256: options.sha256 ?? stored.sha256, sizeBytes: stored.sizeBytes })
    .where(eq(submissions.id, submissionId));
  return { submissionId, claim };
}

const run = (claim: Parameters<typeof runEvaluation>[3], overrides: Partial<EvaluationSettings> = {}) =>
  runEvaluation(testDb.db, boss, "r1", claim, { ...settings, ...overrides }, (line) => log.push(line));
const evaluationRow = async (id: string) =>
  (await testDb.db.select().from(evaluations).where(eq(evaluations.id, id)))[0]!;

/** Runs the job's remaining attempts the same way; returns the last outcome. */
async function exhaustRetries(overrides: Partial<EvaluationSettings>): Promise<string | undefined> {
  let outcome: string | undefined;
  for (let attempt = 2; attempt <= 3; attempt += 1) {
    const again = await claimNextEvaluation(testDb.db, boss, "r1", ["cpu-1t"]);
    if (again.kind !== "claimed") throw new Error(`attempt ${attempt} was not claimed`);
    outcome = await run(again.claim, overrides);
  }
  return outcome;
}

describe("a runner fetching from an S3-compatible store", () => {
  it("measures a submission whose bundle and task data exist only in the store, and removes its copies after", async () => {
    const { claim } = await claimStoredSubmission();
    expect(await run(claim)).toBe("finished");
    const rows = await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId));
    expect(Object.fromEntries(rows.map((row) => [row.split, row.examples]))).toEqual({
      public: 20,
      private: 20,
      "ood:reviews": 10,
    });
    // The job's folder held the hidden test labels: nothing of it is left.
    expect(await readdir(cacheDir)).toEqual([]);
  }, 120_000);

  it("gives the job back to the queue when the store is unreachable, failing it as STORAGE_UNAVAILABLE only after the last retry", async () => {
    const { submissionId, claim } = await claimStoredSubmission();
    const down = {
      artifactStore: server.openStore({ endpoint: `http://127.0.0.1:${await closedPort()}`, maxAttempts: 1 }),
    };
    expect(await run(claim, down)).toBe("requeued");
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "queued", runnerId: null, errorCode: null });
    expect(await exhaustRetries(down)).toBe("gave-up");
    const row = await evaluationRow(claim.evaluationId);
    expect(row).toMatchObject({ state: "failed", attempts: 3, errorCode: "STORAGE_UNAVAILABLE" });
    expect(row.errorMessage).toBe(
      "The submitted file could not be fetched because storage was unreachable. This is not a fault of the submission and does not count against the team's quota.",
    );
    expect(row.errorMessage).not.toContain("127.0.0.1");
    const [submission] = await testDb.db.select().from(submissions).where(eq(submissions.id, submissionId));
    expect(submission?.state).toBe("failed");
    expect(await readdir(cacheDir)).toEqual([]);
  }, 60_000);

  it("does not evaluate a bundle whose stored bytes differ from the uploaded file's sha256", async () => {
    const { claim } = await claimStoredSubmission({ sha256: "f".repeat(64) });
    expect(await run(claim)).toBe("requeued");
    expect(await exhaustRetries({})).toBe("gave-up");
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "failed", errorCode: "CHECKSUM_MISMATCH" });
    expect(await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId))).toEqual([]);
  }, 60_000);

  it("says ARTIFACT_MISSING, the runner's fault, when a task data file is gone from the store", async () => {
    const [row] = await testDb.db
      .select({ task: tasks })
      .from(tracks)
      .innerJoin(tasks, eq(tasks.id, tracks.taskId))
      .where(eq(tracks.id, track.trackId));
    const artifacts = row!.task.datasetFiles.artifacts as Record<string, { key: string }>;
    await store.delete(artifacts["tiny/reviews.txt"]!.key);
    const { claim } = await claimStoredSubmission();
    expect(await run(claim)).toBe("requeued");
    expect(await exhaustRetries({})).toBe("gave-up");
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({
      state: "failed",
      errorCode: "ARTIFACT_MISSING",
      errorMessage: "The ood:reviews data of task " + row!.task.slug + " is not available to this runner.",
    });
  }, 60_000);
});

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}
