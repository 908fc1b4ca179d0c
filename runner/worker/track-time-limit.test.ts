/** The worker runs a track's evaluations under the track's own time limit (tracks.time_limit_seconds). */
import path from "node:path";
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, tracks } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { slowModel } from "../../test-support/onnx/test-models";
import { runEvaluation } from "./run-evaluation";
import {
  claimedEvaluation,
  seedEvaluationTrack,
  writeBundle,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  track = await seedEvaluationTrack(testDb.db);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

describe("a track's time limit", () => {
  it("stops an evaluation that runs past it, with TIMEOUT naming the track's limit, not the runner's", async () => {
    // Below the organizer pages' one-minute minimum, written directly, so that the test is short: the worker holds
    // any value to the protocol's bounds (1 s to 6 h).
    await testDb.db.update(tracks).set({ timeLimitSeconds: 3 }).where(eq(tracks.id, track.trackId));
    const bundle = path.join(track.tempDir, "slow.zip");
    await writeBundle(bundle, slowModel(10_000_000));
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1", bundle);
    const outcome = await runEvaluation(
      testDb.db,
      boss,
      "r1",
      claim,
      {
        datasetsRoot: track.datasetsDir,
        storageRoot: track.tempDir,
        childBundleDir: path.join(track.tempDir, "child"),
        // The runner's own limit is ten minutes: reaching it instead would fail the test with another message.
        protocol: {
          warmupQueries: 2,
          minQueries: 10,
          minDurationMs: 100,
          throughputMinDurationMs: 100,
          timeoutMs: 600_000,
        },
        sandbox: true,
      },
      () => {},
    );
    expect(outcome).toBe("failed");
    const [row] = await testDb.db.select().from(evaluations).where(eq(evaluations.id, claim.evaluationId));
    expect(row).toMatchObject({ state: "failed", errorCode: "TIMEOUT" });
    expect(row!.errorMessage).toMatch(/ran past its 3 s limit/);
  }, 120_000);
});
