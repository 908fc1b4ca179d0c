import path from "node:path";
import { asc, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations, results, runners } from "../db/schema";
import { useTestDatabase } from "../test-support/db/test-database";
import { enqueueEvaluation } from "../lib/data/evaluations";
import { readEnvironment } from "../lib/env";
import { parseProtocolOverrides, startRunner, type RunnerOptions, type RunningRunner } from "./main";
import {
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();

const logLines: string[] = [];
let runner: RunningRunner;
let sender: PgBoss;
let track: EvaluationTrack;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 100_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    // The runners' log says why, when they are slow or stuck.
    if (Date.now() > deadline)
      throw new Error(`condition not met in time; runner log:\n${logLines.slice(-20).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const runnerOptions = (overrides: Partial<RunnerOptions> = {}): RunnerOptions => ({
  databaseUrl: testDb.url,
  profiles: ["cpu-1t"],
  log: (line) => logLines.push(line),
  heartbeatIntervalMs: 200,
  pollIntervalMs: 200,
  ...overrides,
  evaluation: {
    datasetsRoot: track.datasetsDir,
    childBundleDir: path.join(track.tempDir, "child"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 10, minDurationMs: 100, throughputMinDurationMs: 100 },
    ...overrides.evaluation,
  },
});

beforeAll(async () => {
  track = await seedEvaluationTrack(testDb.db);
  runner = await startRunner(runnerOptions());
  sender = new PgBoss({ connectionString: testDb.url, max: 1, supervise: false, schedule: false });
  await sender.start();
});

afterAll(async () => {
  await sender?.stop({ graceful: false, wait: true });
  await runner?.stop();
  await track?.cleanup();
});

describe("startRunner", () => {
  it("registers itself with its profiles, fingerprint and version", async () => {
    const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    expect(row).toMatchObject({ hardwareProfileIds: ["cpu-1t"], stoppedAt: null, version: expect.any(String) });
    expect(runner.runnerId.startsWith(`${row!.hostname}-${process.pid}-`)).toBe(true);
    expect(row!.fingerprint).toMatchObject({
      cores: expect.any(Number),
      memoryBytes: expect.any(Number),
      node: process.version,
    });
    expect(logLines.some((line) => line.includes(`runner ${runner.runnerId} registered`))).toBe(true);
  });

  it("refuses a profile that does not exist", async () => {
    await expect(startRunner(runnerOptions({ profiles: ["tpu-9000"] }))).rejects.toThrow(
      /Unknown hardware profile "tpu-9000"/,
    );
  });

  it("refuses a profile this host cannot honor, saying why", async () => {
    // This build of onnxruntime-node has no CUDA provider, on any host: the gpu profile can never be served here.
    await expect(startRunner(runnerOptions({ profiles: ["cpu-1t", "gpu"] }))).rejects.toThrow(
      /Profile gpu: .*CUDA execution provider/,
    );
  });

  it("heartbeats", async () => {
    const [before] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    await eventually(async () => {
      const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
      return row!.lastHeartbeatAt > before!.lastHeartbeatAt ? row : undefined;
    });
  });

  it("measures an enqueued evaluation once, through every state, and records its results", async () => {
    const submissionId = await createSubmission(testDb.db, track);
    const { evaluationId, jobId, queueName } = await enqueueEvaluation(testDb.db, sender, { submissionId });

    const evaluation = await eventually(async () => {
      const [row] = await testDb.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
      return row?.state === "finished" ? row : undefined;
    });
    expect(evaluation).toMatchObject({ attempts: 1, progress: 1, runnerId: runner.runnerId, errorCode: null });
    expect(evaluation.versions).toMatchObject({ protocol: expect.any(String), onnxruntime: expect.any(String) });
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, evaluationId))
      .orderBy(asc(evaluationEvents.id));
    // Consecutive repeats collapsed: a loaded host may re-measure a noisy result, each re-measure announced as
    // another "measuring" event.
    const states = events
      .map((event) => event.state)
      .filter((state, index, all) => index === 0 || state !== all[index - 1]);
    expect(states).toEqual(["queued", "validating", "evaluating", "measuring", "finished"]);
    const splits = await testDb.db
      .select({ split: results.split })
      .from(results)
      .where(eq(results.evaluationId, evaluationId));
    expect(splits.map((row) => row.split).sort()).toEqual(["ood:reviews", "private", "public"]);
    expect((await sender.getJobById(queueName, jobId))?.state).toBe("completed");
    // Time for a second, wrong claim to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(logLines.filter((line) => line.startsWith(`measuring evaluation ${evaluationId}`))).toHaveLength(1);
    const [me] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    expect(me!.currentEvaluationId).toBeNull();
  });

  it("completes a job for an unknown evaluation without writing anything", async () => {
    const jobId = await sender.send("evaluate.cpu-1t", { evaluationId: "no-such-evaluation" });
    await eventually(async () => {
      const found = await sender.getJobById("evaluate.cpu-1t", jobId!);
      return found?.state === "completed" ? found : undefined;
    });
    expect(logLines).toContain(
      `completed job ${jobId} without work: evaluation no-such-evaluation does not exist or is already over`,
    );
  });

  it("leaves other profiles' queues alone", async () => {
    await sender.createQueue("evaluate.gpu");
    const jobId = await sender.send("evaluate.gpu", { evaluationId: "elsewhere" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await sender.getJobById("evaluate.gpu", jobId!))?.state).toBe("created");
    expect(logLines.some((line) => line.includes(jobId!))).toBe(false);
  });

  it("records its stop", async () => {
    await runner.stop();
    const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    expect(row!.stoppedAt).toBeInstanceOf(Date);
    expect(logLines.at(-1)).toBe(`runner ${runner.runnerId} stopped`);
  });

  // After the first runner has stopped, so that this one is the only taker.
  it("gives a measurement still under way back to the queue when it stops", async () => {
    const slow = await startRunner(
      runnerOptions({ stopTimeoutMs: 300, evaluation: { protocol: { blocks: 2, minDurationMs: 3_000 } } }),
    );
    const submissionId = await createSubmission(testDb.db, track);
    const { evaluationId, jobId, queueName } = await enqueueEvaluation(testDb.db, sender, { submissionId });
    await eventually(async () => {
      const [row] = await testDb.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
      return row?.state === "measuring" ? row : undefined;
    });
    await slow.stop();

    const [row] = await testDb.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect(row).toMatchObject({ state: "queued", runnerId: null, attempts: 1 });
    const job = await sender.getJobById(queueName, jobId);
    expect(job).toMatchObject({ state: "retry", retryCount: 0 });
    const [last] = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, evaluationId))
      .orderBy(asc(evaluationEvents.id))
      .then((events) => events.slice(-1));
    expect(last).toMatchObject({
      state: "queued",
      message: `runner ${slow.runnerId} stopped before the measurement ended; retrying`,
    });
  });
});

describe("runner settings from the environment", () => {
  // Next.js's typings make NODE_ENV a required key of ProcessEnv; these tests only set the runner's own.
  const readEnvironmentOf = (variables: Record<string, string>) =>
    readEnvironment(variables as unknown as NodeJS.ProcessEnv);

  it("reads the timings, the protocol overrides and the unsafe mode", () => {
    const env = readEnvironmentOf({
      RUNNER_HEARTBEAT_INTERVAL_MS: "200",
      RUNNER_DEAD_AFTER_MS: "1500",
      JOULEBENCH_PROTOCOL_OVERRIDES: '{"blocks":2,"minDurationMs":300}',
      JOULEBENCH_UNSAFE_NO_SANDBOX: "1",
    });
    expect(env).toMatchObject({
      RUNNER_HEARTBEAT_INTERVAL_MS: 200,
      RUNNER_DEAD_AFTER_MS: 1500,
      RUNNER_POLL_INTERVAL_MS: 2000,
      JOULEBENCH_UNSAFE_NO_SANDBOX: true,
    });
    expect(parseProtocolOverrides(env.JOULEBENCH_PROTOCOL_OVERRIDES)).toEqual({ blocks: 2, minDurationMs: 300 });
    const defaults = readEnvironmentOf({});
    expect(defaults).toMatchObject({ RUNNER_DEAD_AFTER_MS: 30_000, JOULEBENCH_UNSAFE_NO_SANDBOX: false });
    expect(defaults.JOULEBENCH_PROTOCOL_OVERRIDES).toBeUndefined();
  });

  it("refuses overrides that are not a JSON object, name no protocol knob, or break its limits", () => {
    expect(() => readEnvironmentOf({ JOULEBENCH_PROTOCOL_OVERRIDES: "blocks=1" })).toThrow(
      /JOULEBENCH_PROTOCOL_OVERRIDES: must be a JSON object/,
    );
    expect(() => readEnvironmentOf({ JOULEBENCH_UNSAFE_NO_SANDBOX: "yes" })).toThrow(/JOULEBENCH_UNSAFE_NO_SANDBOX/);
    expect(() => parseProtocolOverrides({ repeat: 1 })).toThrow(/unknown keys repeat/);
    expect(() => parseProtocolOverrides({ blocks: 0 })).toThrow();
  });
});
