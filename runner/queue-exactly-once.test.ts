/**
 * Two real runner processes against one database, many evaluations, and one runner killed with SIGKILL while
 * it measures: every evaluation must end finished exactly once, with one results row per split, the killed
 * runner's evaluation retried (attempt 2) by the survivor, and nothing measured to completion twice.
 */
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations, results, runners } from "../db/schema";
import { useTestDatabase } from "../test-support/db/test-database";
import { enqueueEvaluation } from "../lib/data/evaluations";
import {
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../test-support/runner/evaluation-fixtures";
import { spawnRunnerProcess } from "../test-support/runner/runner-process";

const testDb = useTestDatabase();
const EVALUATION_COUNT = 12;
// Long enough (about a second per measurement) to catch a runner in "measuring", short enough for a test.
// No re-measuring of noisy results: that has tests of its own, and on a busy machine it multiplies this test's work.
const PROTOCOL = {
  blocks: 2,
  warmupQueries: 4,
  minQueries: 20,
  minDurationMs: 800,
  throughputMinDurationMs: 300,
  maxReruns: 0,
};

interface RunnerProcess {
  child: ChildProcess;
  lines: string[];
  id: Promise<string>;
  exited: Promise<number | null>;
}

let track: EvaluationTrack;
let sender: PgBoss;
const started: RunnerProcess[] = [];

function spawnRunner(name: string): RunnerProcess {
  const lines: string[] = [];
  let registered: (id: string) => void = () => {};
  const id = new Promise<string>((resolve) => (registered = resolve));
  const child = spawnRunnerProcess({
    databaseUrl: testDb.url,
    datasetsDir: track.datasetsDir,
    dataDir: path.join(track.tempDir, name),
    protocol: PROTOCOL,
    onLine: (line) => {
      lines.push(line);
      const match = /^runner (\S+) registered/.exec(line);
      if (match) registered(match[1]!);
    },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const runner = { child, lines, id, exited };
  started.push(runner);
  return runner;
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not in ${ms} ms`)), ms)),
  ]);

beforeAll(async () => {
  track = await seedEvaluationTrack(testDb.db);
  sender = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await sender.start();
});

afterAll(async () => {
  for (const runner of started)
    if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill("SIGKILL");
  await Promise.all(started.map((runner) => runner.exited));
  await sender?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

describe("two runners sharing one queue", () => {
  it("measure every evaluation exactly once, also when one is killed in the middle of a measurement", async () => {
    const evaluationIds: string[] = [];
    for (let index = 0; index < EVALUATION_COUNT; index += 1) {
      const submissionId = await createSubmission(testDb.db, track);
      evaluationIds.push((await enqueueEvaluation(testDb.db, sender, { submissionId })).evaluationId);
    }
    const doomed = spawnRunner("runner-a");
    const survivor = spawnRunner("runner-b");
    const [doomedId, survivorId] = await withTimeout(
      Promise.all([doomed.id, survivor.id]),
      60_000,
      "both runners registered",
    );

    const victim = await eventually(
      "runner A measuring",
      async () => {
        const [row] = await testDb.db
          .select({ id: evaluations.id, attempts: evaluations.attempts })
          .from(evaluations)
          .where(and(eq(evaluations.runnerId, doomedId), eq(evaluations.state, "measuring")));
        return row;
      },
      60_000,
    );
    doomed.child.kill("SIGKILL");
    await doomed.exited;

    const ended = await eventually(
      "every evaluation over",
      async () => {
        const rows = await testDb.db.select().from(evaluations).where(inArray(evaluations.id, evaluationIds));
        return rows.every((row) => ["finished", "failed", "cancelled"].includes(row.state)) ? rows : undefined;
      },
      300_000,
      200,
    );

    // Every evaluation finished, the victim on its second attempt by the survivor, the others on their first.
    expect(ended.map((row) => row.state)).toEqual(Array(EVALUATION_COUNT).fill("finished"));
    for (const row of ended) expect(row.attempts, `attempts of ${row.id}`).toBe(row.id === victim.id ? 2 : 1);
    expect(ended.find((row) => row.id === victim.id)?.runnerId).toBe(survivorId);

    // Exactly one "finished" on every timeline; the victim's shows the kill, the hand-back and the retry.
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(inArray(evaluationEvents.evaluationId, evaluationIds))
      .orderBy(asc(evaluationEvents.id));
    for (const id of evaluationIds) {
      expect(
        events.filter((event) => event.evaluationId === id && event.state === "finished"),
        `finished events of ${id}`,
      ).toHaveLength(1);
    }
    const victimTimeline = events
      .filter((event) => event.evaluationId === victim.id)
      .map((event) => `${event.state}@${event.attempt}`);
    expect(victimTimeline).toEqual([
      "queued@0",
      "validating@1",
      "evaluating@1",
      "measuring@1",
      "queued@1",
      "validating@2",
      "evaluating@2",
      "measuring@2",
      "finished@2",
    ]);
    const handBack = events.find(
      (event) => event.evaluationId === victim.id && event.state === "queued" && event.attempt === 1,
    );
    expect(handBack?.message).toContain(`runner ${doomedId} stopped responding`);

    // One results row per evaluation and split, and all of them there.
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
    expect(rows.every((row) => row.sandboxed && row.latencyP50Ms! > 0)).toBe(true);

    // Nothing measured to completion twice: each evaluation's completion was logged once, by one runner.
    const completions = [...doomed.lines, ...survivor.lines].flatMap(
      (line) => /^finished evaluation (\S+)/.exec(line)?.[1] ?? [],
    );
    expect(completions.sort()).toEqual([...evaluationIds].sort());
    expect([...doomed.lines, ...survivor.lines].filter((line) => line.includes("superseded"))).toEqual([]);
    expect(survivor.lines.some((line) => line.startsWith(`measuring evaluation ${victim.id} (attempt 2 of 3`))).toBe(
      true,
    );

    // The jobs agree: all completed, the victim's after one retry.
    for (const id of evaluationIds) {
      const job = await sender.getJobById("evaluate.cpu-1t", id);
      expect(job?.state, `job of ${id}`).toBe("completed");
      expect(job?.retryCount, `retries of ${id}`).toBe(id === victim.id ? 1 : 0);
    }

    // The survivor stops cleanly and says so; the killed runner's row just went silent.
    survivor.child.kill("SIGTERM");
    expect(await withTimeout(survivor.exited, 30_000, "survivor exit")).toBe(0);
    const runnerRows = await testDb.db
      .select()
      .from(runners)
      .where(inArray(runners.id, [doomedId, survivorId]));
    expect(runnerRows.find((row) => row.id === survivorId)?.stoppedAt).toBeInstanceOf(Date);
    expect(runnerRows.find((row) => row.id === doomedId)?.stoppedAt).toBeNull();
  }, 480_000);
});
