/**
 * An idle runner is woken when an evaluation is queued (NOTIFY on commit, LISTEN in the runner) instead of
 * finding it at its next poll. The runner here polls once a minute: claiming within 20 s can only be the wake.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { and, eq, ne } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents } from "../db/schema";
import { useTestDatabase } from "../test-support/db/test-database";
import { enqueueEvaluation } from "../lib/data/evaluations";
import { IN_SESSION_FLAG } from "../ops/own-session";
import {
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let track: EvaluationTrack;
let sender: PgBoss;
let runner: ChildProcess | undefined;

beforeAll(async () => {
  track = await seedEvaluationTrack(testDb.db);
  sender = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await sender.start();
});
afterAll(async () => {
  runner?.kill("SIGKILL");
  await sender?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

describe("an idle runner", () => {
  it("claims a newly queued evaluation at once, not at its next poll", async () => {
    runner = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: testDb.url,
        RUNNER_PROFILES: "cpu-1t",
        RUNNER_POLL_INTERVAL_MS: "60000",
        JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify({
          blocks: 1,
          warmupQueries: 2,
          minQueries: 10,
          minDurationMs: 100,
          throughputMinDurationMs: 100,
        }),
        JOULEBENCH_DATASETS_DIR: track.datasetsDir,
        JOULEBENCH_DATA_DIR: track.tempDir,
      },
    });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: runner!.stdout! }).on(
        "line",
        (line) => /^runner \S+ registered/.test(line) && resolve(),
      );
      runner!.once("exit", (code) => reject(new Error(`runner exited with ${code}`)));
    });
    // Past its first look at the queue: it now sleeps for a minute.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { evaluationId } = await enqueueEvaluation(testDb.db, sender, {
      submissionId: await createSubmission(testDb.db, track),
    });
    const deadline = Date.now() + 20_000;
    let claimed = false;
    while (!claimed && Date.now() < deadline) {
      const [event] = await testDb.db
        .select({ id: evaluationEvents.id })
        .from(evaluationEvents)
        .where(and(eq(evaluationEvents.evaluationId, evaluationId), ne(evaluationEvents.state, "queued")));
      claimed = event !== undefined;
      if (!claimed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(claimed).toBe(true);
  }, 90_000);
});
