import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  competitions,
  evaluationEvents,
  evaluations,
  hardwareProfiles,
  runners,
  submissions,
  tasks,
  teams,
  tracks,
} from "../db/schema";
import { useTestDatabase } from "../db/testing/test-database";
import { startRunner, type RunningRunner } from "./main";

const testDb = useTestDatabase();

const logLines: string[] = [];
let runner: RunningRunner;
let sender: PgBoss;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The smallest chain of rows an evaluation needs. */
async function createEvaluation(): Promise<string> {
  const db = testDb.db;
  const [team] = await db.insert(teams).values({ slug: "volts", name: "Volts" }).returning();
  const [competition] = await db.insert(competitions).values({ slug: "sst2", title: "SST-2" }).returning();
  const [task] = await db
    .insert(tasks)
    .values({ slug: "sst2", title: "SST-2", inputFields: ["text"], labels: ["neg", "pos"], metrics: ["accuracy"], datasetFiles: {} })
    .returning();
  await db.insert(hardwareProfiles).values({ id: "cpu-1t", title: "One CPU thread", kind: "cpu", spec: {} });
  const [track] = await db
    .insert(tracks)
    .values({ competitionId: competition!.id, taskId: task!.id, hardwareProfileId: "cpu-1t", title: "Main" })
    .returning();
  const [submission] = await db
    .insert(submissions)
    .values({ teamId: team!.id, trackId: track!.id, name: "tiny", artifactPath: "x.onnx", sha256: "0".repeat(64), sizeBytes: 1 })
    .returning();
  const [evaluation] = await db
    .insert(evaluations)
    .values({ submissionId: submission!.id, hardwareProfileId: "cpu-1t" })
    .returning();
  return evaluation!.id;
}

beforeAll(async () => {
  runner = await startRunner({
    databaseUrl: testDb.url,
    profiles: ["cpu-1t"],
    log: (line) => logLines.push(line),
    heartbeatIntervalMs: 200,
    pollingIntervalSeconds: 0.5,
  });
  sender = new PgBoss({ connectionString: testDb.url, max: 1, supervise: false, schedule: false });
  await sender.start();
});

afterAll(async () => {
  await sender?.stop({ graceful: false, wait: true });
  await runner?.stop();
});

describe("startRunner", () => {
  it("registers itself with its profiles, fingerprint and version", async () => {
    const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    expect(row).toMatchObject({ hardwareProfileIds: ["cpu-1t"], stoppedAt: null, version: expect.any(String) });
    expect(runner.runnerId.startsWith(`${row!.hostname}-${process.pid}-`)).toBe(true);
    expect(row!.fingerprint).toMatchObject({ cores: expect.any(Number), memoryBytes: expect.any(Number), node: process.version });
    expect(logLines.some((line) => line.includes(`runner ${runner.runnerId} registered`))).toBe(true);
  });

  it("heartbeats", async () => {
    const [before] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    await eventually(async () => {
      const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
      return row!.lastHeartbeatAt > before!.lastHeartbeatAt ? row : undefined;
    });
  });

  it("claims an evaluation job exactly once, notes it on the timeline and completes it", async () => {
    const evaluationId = await createEvaluation();
    const jobId = await sender.send("evaluate.cpu-1t", { evaluationId });
    expect(jobId).toBeTruthy();

    const job = await eventually(async () => {
      const found = await sender.getJobById("evaluate.cpu-1t", jobId!);
      return found?.state === "completed" ? found : undefined;
    });
    expect(job.retryCount).toBe(0);
    // Time for a second, wrong claim to show itself.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(logLines.filter((line) => line === `claimed job ${jobId} for evaluation ${evaluationId}`)).toHaveLength(1);

    const events = await testDb.db.select().from(evaluationEvents).where(eq(evaluationEvents.evaluationId, evaluationId));
    expect(events).toEqual([
      expect.objectContaining({
        state: "queued",
        runnerId: runner.runnerId,
        message: `claimed by runner ${runner.runnerId}; measurement not implemented yet`,
      }),
    ]);
  });

  it("completes a job for an unknown evaluation without writing anything", async () => {
    const jobId = await sender.send("evaluate.cpu-1t", { evaluationId: "no-such-evaluation" });
    await eventually(async () => {
      const found = await sender.getJobById("evaluate.cpu-1t", jobId!);
      return found?.state === "completed" ? found : undefined;
    });
    expect(logLines).toContain(`claimed job ${jobId} for evaluation no-such-evaluation`);
  });

  it("leaves other profiles' queues alone", async () => {
    await sender.createQueue("evaluate.gpu-a100");
    const jobId = await sender.send("evaluate.gpu-a100", { evaluationId: "elsewhere" });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await sender.getJobById("evaluate.gpu-a100", jobId!))?.state).toBe("created");
    expect(logLines.some((line) => line.includes(jobId!))).toBe(false);
  });

  // Last: the runner is gone afterwards.
  it("records its stop", async () => {
    await runner.stop();
    const [row] = await testDb.db.select().from(runners).where(eq(runners.id, runner.runnerId));
    expect(row!.stoppedAt).toBeInstanceOf(Date);
    expect(logLines.at(-1)).toBe(`runner ${runner.runnerId} stopped`);
  });
});
