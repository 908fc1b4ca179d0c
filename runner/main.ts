/**
 * The evaluation runner: claims jobs from the `evaluate.<profile>` queues of the hardware profiles it serves,
 * one at a time, and keeps its row in `runners` fresh.
 *
 * Measurement itself is not implemented yet: a claimed job is logged, noted on its evaluation's timeline and
 * completed. `npm run runner` runs it alone (against DATABASE_URL, or the embedded database); `npm start` runs
 * one beside the web app. startRunner() is what tests call, in-process.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { createDatabaseClient, type Database } from "../db/client";
import { evaluationEvents, evaluations } from "../db/schema";
import { loadDotEnv, openMigratedDatabaseOrExit, readEnvironmentOrExit } from "../lib/ops/prepare";
import { runInOwnSession } from "../lib/ops/session";
import { onShutdownSignal, stopDatabaseServer } from "../lib/ops/shutdown";
import { createEvaluationQueues, startQueue, workEvaluations, type EvaluationJobData } from "./queue";
import { markRunnerStopped, newRunnerId, recordHeartbeat, registerRunner } from "./registry";

export interface RunnerOptions {
  databaseUrl: string;
  profiles: string[];
  log?: (line: string) => void;
  /** A runner silent for much longer than this is shown as gone on the site. */
  heartbeatIntervalMs?: number;
  pollingIntervalSeconds?: number;
}

export interface RunningRunner {
  runnerId: string;
  stop(): Promise<void>;
}

const HEARTBEAT_INTERVAL_MS = 10_000;
// How long stop() lets a job in progress finish before pg-boss gives up on it (it is then retried elsewhere).
const STOP_TIMEOUT_MS = 30_000;

export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.profiles.length === 0) throw new Error("A runner needs at least one hardware profile (RUNNER_PROFILES).");
  const runnerId = newRunnerId();
  const client = createDatabaseClient(options.databaseUrl, { max: 2 });
  const boss = await startQueue(options.databaseUrl, (error) => log(`queue error: ${error.message}`)).catch(
    async (error: unknown) => {
      await client.close();
      throw error;
    },
  );

  await createEvaluationQueues(boss, options.profiles);
  await registerRunner(client.db, runnerId, options.profiles);
  const heartbeat = setInterval(() => {
    recordHeartbeat(client.db, runnerId).catch((error: Error) => log(`heartbeat failed: ${error.message}`));
  }, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);

  for (const profile of options.profiles) {
    await workEvaluations(boss, profile, (job) => handleJob(client.db, runnerId, job, log), {
      pollingIntervalSeconds: options.pollingIntervalSeconds,
    });
  }
  log(`runner ${runnerId} registered; serving ${options.profiles.map((p) => `evaluate.${p}`).join(", ")}`);

  let stopped: Promise<void> | undefined;
  return {
    runnerId,
    stop() {
      stopped ??= (async () => {
        clearInterval(heartbeat);
        await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
        await markRunnerStopped(client.db, runnerId).catch((error: Error) =>
          log(`could not record the stop: ${error.message}`),
        );
        await client.close();
        log(`runner ${runnerId} stopped`);
      })();
      return stopped;
    },
  };
}

async function handleJob(
  db: Database,
  runnerId: string,
  job: PgBoss.Job<EvaluationJobData>,
  log: (line: string) => void,
): Promise<void> {
  const evaluationId = typeof job.data?.evaluationId === "string" ? job.data.evaluationId : undefined;
  log(`claimed job ${job.id} for evaluation ${evaluationId ?? "(none)"}`);
  if (!evaluationId) return;
  const [evaluation] = await db
    .select({ attempts: evaluations.attempts })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  if (!evaluation) return log(`evaluation ${evaluationId} does not exist; job ${job.id} completed without effect`);
  await db.insert(evaluationEvents).values({
    evaluationId,
    state: "queued",
    attempt: evaluation.attempts,
    runnerId,
    message: `claimed by runner ${runnerId}; measurement not implemented yet`,
  });
}

async function main(): Promise<void> {
  loadDotEnv();
  const environment = readEnvironmentOrExit();
  const profiles = environment.RUNNER_PROFILES.split(",")
    .map((profile) => profile.trim())
    .filter(Boolean);
  const database = await openMigratedDatabaseOrExit();
  const runner = await startRunner({ databaseUrl: database.url, profiles });
  onShutdownSignal(async (signal) => {
    console.log(`Received ${signal}; stopping…`);
    await runner.stop().catch((error: Error) => console.error(`Stopping failed: ${error.message}`));
    await stopDatabaseServer(database);
    process.exit(0);
  });
}

// Run as a program (`tsx runner/main.ts`), not when imported by a test.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // In a session of its own, so that a terminal's Ctrl-C cannot stop an embedded database under it.
  await runInOwnSession(main);
}
