/**
 * PostgreSQL going away while evaluations run, as in a restart: every connection of the site's database is
 * dropped and new ones are refused for a few seconds (longer than a runner's heartbeat silence limit), then the
 * database comes back. A real runner process is measuring throughout, fetching its bundles through the
 * artifact store. Afterwards every evaluation must have finished exactly once: none lost (stuck in a running
 * state, or its job left behind), none counted twice (one "finished" event and one results row per split). A
 * measurement cut off by the outage may be measured again; it is never recorded twice.
 *
 * The outage is made with ALTER DATABASE ... ALLOW_CONNECTIONS and pg_terminate_backend rather than by stopping
 * the server, because the test PostgreSQL is shared with every other test file running at the same time: what the
 * runner sees is the same as during a restart (connections cut, then refused, then accepted again).
 */
import type { ChildProcess } from "node:child_process";
import { createReadStream } from "node:fs";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { evaluationEvents, evaluations, results, submissions } from "../db/schema";
import { useTestDatabase } from "../test-support/db/test-database";
import { enqueueEvaluation } from "../lib/data/evaluations";
import { LocalArtifactStore } from "../lib/storage/local-store";
import {
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../test-support/runner/evaluation-fixtures";
import { spawnRunnerProcess } from "../test-support/runner/runner-process";

const testDb = useTestDatabase();
const EVALUATION_COUNT = 4;
// Longer than one measurement here, so that a measurement ends while its outcome cannot be written.
const OUTAGE_MS = 12_000;
const PROTOCOL = { blocks: 2, warmupQueries: 4, minQueries: 20, minDurationMs: 800, throughputMinDurationMs: 300 };

let track: EvaluationTrack;
let sender: PgBoss;
let runner: ChildProcess | undefined;
const runnerLines: string[] = [];

beforeAll(async () => {
  track = await seedEvaluationTrack(testDb.db);
  sender = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  sender.on("error", () => {}); // the outage cuts its connections too
  await sender.start();
});

afterAll(async () => {
  await setConnectionsAllowed(true);
  if (runner && runner.exitCode === null && runner.signalCode === null) {
    runner.kill("SIGKILL");
    await new Promise((resolve) => runner!.once("exit", resolve));
  }
  await sender?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

const databaseName = () => new URL(testDb.url).pathname.slice(1);

async function setConnectionsAllowed(allowed: boolean) {
  const admin = postgres(inject("databaseAdminUrl"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`alter database ${databaseName()} allow_connections ${allowed}`);
    if (!allowed)
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${databaseName()} and pid <> pg_backend_pid()`;
  } finally {
    await admin.end();
  }
}

function startRunner(dataDir: string): ChildProcess {
  return spawnRunnerProcess({
    databaseUrl: testDb.url,
    datasetsDir: track.datasetsDir,
    dataDir,
    protocol: PROTOCOL,
    env: { JOULEBENCH_STORAGE: "local" },
    onLine: (line) => runnerLines.push(line),
  });
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not in ${timeoutMs} ms; runner said:\n${runnerLines.slice(-30).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe("PostgreSQL restarting while a runner measures", () => {
  it("loses no evaluation and records none twice", async () => {
    const dataDir = path.join(track.tempDir, "runner-data");
    const store = new LocalArtifactStore(path.join(dataDir, "storage"));
    const evaluationIds: string[] = [];
    for (let index = 0; index < EVALUATION_COUNT; index += 1) {
      const key = `submissions/outage-${index}/bundle.zip`;
      const stored = await store.put(key, createReadStream(track.bundlePath));
      const submissionId = await createSubmission(testDb.db, track, key);
      await testDb.db
        .update(submissions)
        .set({ sha256: stored.sha256, sizeBytes: stored.sizeBytes })
        .where(eq(submissions.id, submissionId));
      evaluationIds.push((await enqueueEvaluation(testDb.db, sender, { submissionId })).evaluationId);
    }
    runner = startRunner(dataDir);

    // The outage starts while the second evaluation is being measured (one already finished before it).
    await eventually(
      "an evaluation measuring after one finished",
      async () => {
        const rows = await testDb.db
          .select({ state: evaluations.state })
          .from(evaluations)
          .where(inArray(evaluations.id, evaluationIds));
        return rows.some((row) => row.state === "finished") && rows.some((row) => row.state === "measuring")
          ? true
          : undefined;
      },
      // Generous: a loaded machine re-measures (wide intervals) and each evaluation can take half a minute.
      240_000,
      50,
    );
    await setConnectionsAllowed(false);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await setConnectionsAllowed(true);

    const ended = await eventually(
      "every evaluation over",
      async () => {
        const rows = await testDb.db.select().from(evaluations).where(inArray(evaluations.id, evaluationIds));
        return rows.every((row) => ["finished", "failed", "cancelled"].includes(row.state)) ? rows : undefined;
      },
      300_000,
      250,
    );
    expect(runner.exitCode, "the runner outlived the outage").toBeNull();
    const outcomes = Object.fromEntries(
      ended.map((row) => [row.id, row.errorCode ? `${row.state} ${row.errorCode}` : row.state]),
    );
    // The runner's own account goes with a failure: what it released, retried or gave up, and when.
    expect(outcomes, `runner said:\n${runnerLines.slice(-60).join("\n")}`).toEqual(
      Object.fromEntries(evaluationIds.map((id) => [id, "finished"])),
    );
    // The outage did reach the runner (its heartbeats failed), and it carried on.
    expect(runnerLines.some((line) => line.startsWith("heartbeat failed"))).toBe(true);

    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(inArray(evaluationEvents.evaluationId, evaluationIds));
    for (const id of evaluationIds) {
      expect(
        events.filter((event) => event.evaluationId === id && event.state === "finished"),
        `finished events of ${id}`,
      ).toHaveLength(1);
    }
    const rows = await testDb.db.select().from(results).where(inArray(results.evaluationId, evaluationIds));
    expect(rows).toHaveLength(EVALUATION_COUNT * 3);
    for (const id of evaluationIds) {
      expect(
        rows
          .filter((row) => row.evaluationId === id)
          .map((row) => row.split)
          .sort(),
      ).toEqual(["ood:reviews", "private", "public"]);
    }
    for (const id of evaluationIds)
      expect((await sender.getJobById("evaluate.cpu-1t", id))?.state, `job of ${id}`).toBe("completed");

    runner.kill("SIGTERM");
    expect(await new Promise((resolve) => runner!.once("exit", (code) => resolve(code)))).toBe(0);
  }, 600_000);
});
