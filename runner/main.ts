/**
 * The evaluation runner: registers itself in `runners`, heartbeats, claims jobs from the `evaluate.<profile>`
 * queues of the hardware profiles it serves, one at a time (runner/queue.ts says why), measures them with
 * evaluateModel and records each outcome in one transaction (runner/worker/). Every heartbeat it also looks for
 * evaluations whose runner died and hands them back to the queue (runner/worker/reaper.ts).
 *
 * `npm run runner` runs it alone (against DATABASE_URL, or the embedded database); `npm start` runs one beside
 * the web app. startRunner() is what tests call, in-process.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type PgBoss from "pg-boss";
import { createDatabaseClient, type Database } from "../db/client";
import { dataDirectory } from "../db/database-server";
import { EVALUATION_QUEUED_CHANNEL } from "../lib/queue/evaluation-queue";
import { RUNNER_SILENCE_LIMIT_MS } from "../lib/data/runners";
import { siteUrl } from "../lib/env";
import { exitWith, loadDotEnv, openMigratedDatabaseOrExit, readEnvironmentOrExit } from "../ops/prepare";
import { runInOwnSession } from "../ops/own-session";
import { CONFIGURATION_ERROR_EXIT_CODE } from "../ops/supervise";
import { onShutdownSignal, stopDatabaseServer } from "../ops/shutdown";
import { checkHostHonorsProfile, getHardwareProfile } from "../lib/profiles/hardware-profiles";
import { artifactStoreFromEnvironment } from "../lib/storage";
import { resolveDatasetsRoot } from "../lib/tasks/datasets-root";
import { detectHostCapabilities, sandboxAvailable } from "./evaluate/host-capabilities";
import { removeAbandonedMemoryLimits } from "./sandbox/memory-limit";
import { holdStagingArea, removeAbandonedStagingAreas } from "./staging/staging-area";
import { measurementProtocol, measurementProtocolSchema } from "./evaluate/measurement-protocol";
import { createEvaluationQueues, JobLoop, startQueue } from "./queue";
import {
  clearCurrentEvaluation,
  markRunnerStopped,
  newRunnerId,
  recordHeartbeat,
  recordRefusedRunner,
  registerRunner,
} from "./runner-registration";
import { claimNextEvaluation, type ClaimedEvaluation } from "./worker/claim";
import { removeAbandonedJobFolders, removeOwnJobFolders } from "./worker/fetch-artifacts";
import { reapOrphanedEvaluations } from "./worker/reaper";
import { releaseEvaluation } from "./worker/release";
import { runEvaluation, type EvaluationSettings } from "./worker/run-evaluation";

export interface RunnerOptions {
  databaseUrl: string;
  profiles: string[];
  log?: (line: string) => void;
  heartbeatIntervalMs?: number;
  /** Silence after which another runner's evaluation is retried elsewhere. */
  deadAfterMs?: number;
  pollIntervalMs?: number;
  /** How long stop() lets a measurement under way finish before giving it back to the queue. */
  stopTimeoutMs?: number;
  evaluation?: Partial<EvaluationSettings>;
  /** The bubblewrap binary; tests point it at a missing or failing one. */
  bwrapCommand?: string;
}

/** The host cannot serve as configured (no sandbox, a profile it cannot honor): restarting will not help. */
export class RunnerConfigurationError extends Error {}

export interface RunningRunner {
  runnerId: string;
  stop(): Promise<void>;
}

const HEARTBEAT_INTERVAL_MS = 10_000;
const POLL_INTERVAL_MS = 2_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.profiles.length === 0) throw new Error("A runner needs at least one hardware profile (RUNNER_PROFILES).");
  options.profiles.forEach(getHardwareProfile); // unknown profiles stop the start, with the valid ones named
  // A profile this host cannot honor (too few cores, no GPU, no CUDA provider) would only fail its jobs: refuse it.
  const host = await detectHostCapabilities();
  const refused = options.profiles
    .map((id) => checkHostHonorsProfile(getHardwareProfile(id), host))
    .filter((check) => !check.ok);
  if (refused.length > 0)
    throw new RunnerConfigurationError(refused.map((check) => (check.ok ? "" : check.reason)).join(" "));
  const settings = evaluationSettings(options.evaluation);
  if (settings.sandbox) {
    // A runner that cannot sandbox would take jobs only to fail them; it is better not to start.
    const sandbox = await sandboxAvailable(options.bwrapCommand);
    if (!sandbox.ok)
      throw new RunnerConfigurationError(
        `${sandbox.reason} On a developer machine only, JOULEBENCH_UNSAFE_NO_SANDBOX=1 runs models unsandboxed.`,
      );
    const abandoned = await removeAbandonedMemoryLimits();
    if (abandoned > 0) log(`removed ${abandoned} memory cgroup(s) left by killed runners`);
  } else {
    log("WARNING: models run WITHOUT the sandbox (JOULEBENCH_UNSAFE_NO_SANDBOX); results are marked unsandboxed");
  }
  await removeAbandonedCopies(settings, log);
  const runnerId = newRunnerId();
  const client = createDatabaseClient(options.databaseUrl, { max: 3 });
  const boss = await startQueue(options.databaseUrl, (error) => log(`queue error: ${error.message}`)).catch(
    async (error: unknown) => {
      await client.close();
      throw error;
    },
  );
  try {
    await createEvaluationQueues(boss, options.profiles);
    await registerRunner(client.db, runnerId, options.profiles);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true });
    await client.close();
    throw error;
  }

  const releaseStagingArea = holdStagingArea();
  let rotation = 0;
  const loop = new JobLoop({
    // The profile looked at first changes every time, so a busy queue cannot starve the others.
    claimNext: () => claimNextEvaluation(client.db, boss, runnerId, rotate(options.profiles, rotation++)),
    run: (claim) => runClaimed(client.db, boss, runnerId, claim, settings, log),
    pollIntervalMs: options.pollIntervalMs ?? POLL_INTERVAL_MS,
    log,
  });
  const stopHeartbeat = startHeartbeat(client.db, boss, runnerId, loop, options, settings, log);
  loop.start();
  // Woken when an evaluation is queued on one of our profiles, so an idle runner starts within milliseconds.
  await client.sql
    .listen(EVALUATION_QUEUED_CHANNEL, (profile) => {
      if (options.profiles.includes(profile)) loop.nudge();
    })
    .catch((error: Error) => log(`listening for queued evaluations failed (polling only): ${error.message}`));
  log(`runner ${runnerId} registered; serving ${options.profiles.map((p) => `evaluate.${p}`).join(", ")}`);

  let stopped: Promise<void> | undefined;
  return {
    runnerId,
    stop() {
      stopped ??= (async () => {
        const unfinished = await loop.stop(options.stopTimeoutMs ?? STOP_TIMEOUT_MS);
        if (unfinished) await giveBack(client.db, boss, runnerId, unfinished, log);
        stopHeartbeat();
        await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
        await markRunnerStopped(client.db, runnerId).catch((error: Error) =>
          log(`could not record the stop: ${error.message}`),
        );
        await client.close();
        // Every attempt of this runner is over: none of its copies may outlive it.
        await releaseStagingArea();
        if (settings.artifactCacheDir) await removeOwnJobFolders(settings.artifactCacheDir);
        log(`runner ${runnerId} stopped`);
      })();
      return stopped;
    },
  };
}

function evaluationSettings(given: Partial<EvaluationSettings> = {}): EvaluationSettings {
  return {
    datasetsRoot: given.datasetsRoot ?? resolveDatasetsRoot(),
    storageRoot: given.storageRoot ?? path.join(dataDirectory(), "storage"),
    // JOULEBENCH_STORAGE's store, unless a caller names a local storage folder (tests), which then serves.
    artifactStore: given.artifactStore ?? (given.storageRoot ? undefined : artifactStoreOrRefuse()),
    artifactCacheDir: given.artifactCacheDir ?? path.join(dataDirectory(), "runner-jobs"),
    childBundleDir: given.childBundleDir ?? path.join(dataDirectory(), "runner"),
    protocol: given.protocol ?? {},
    sandbox: given.sandbox ?? true,
    progressIntervalMs: given.progressIntervalMs,
    mail: given.mail,
  };
}

function artifactStoreOrRefuse() {
  try {
    return artifactStoreFromEnvironment();
  } catch (error) {
    throw new RunnerConfigurationError((error as Error).message);
  }
}

async function runClaimed(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  claim: ClaimedEvaluation,
  settings: EvaluationSettings,
  log: (line: string) => void,
) {
  log(
    `measuring evaluation ${claim.evaluationId} (attempt ${claim.attempt} of ${claim.maxAttempts}, job ${claim.jobId})`,
  );
  try {
    await runEvaluation(db, boss, runnerId, claim, settings, log);
  } finally {
    await clearCurrentEvaluation(db, runnerId).catch((error: Error) =>
      log(`could not clear the current evaluation: ${error.message}`),
    );
  }
}

/**
 * The heartbeat and the look for orphaned evaluations run on timers of their own, so that a slow look (a lock
 * wait, many orphans) can never delay the heartbeat and get this runner presumed dead. A tick still under way
 * makes the next one of its kind skip its turn.
 */
function startHeartbeat(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  loop: JobLoop,
  options: RunnerOptions,
  settings: EvaluationSettings,
  log: (line: string) => void,
) {
  const intervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
  const deadAfterMs = options.deadAfterMs ?? RUNNER_SILENCE_LIMIT_MS;
  const beat = everyInterval(intervalMs, () =>
    recordHeartbeat(db, runnerId).catch((error: Error) => log(`heartbeat failed: ${error.message}`)),
  );
  const reap = everyInterval(intervalMs, async () => {
    const released = await reapOrphanedEvaluations(db, boss, {
      reaperId: runnerId,
      deadAfterMs,
      runningEvaluationId: loop.current?.evaluationId,
      log,
    }).catch((error: Error) => {
      log(`looking for orphaned evaluations failed: ${error.message}`);
      return [];
    });
    // A dead runner's attempt taken over: if it died on this host, its copies go now, not at the next start.
    if (released.some((outcome) => outcome !== "superseded")) await removeAbandonedCopies(settings, log);
  });
  return () => {
    clearInterval(beat);
    clearInterval(reap);
  };
}

function everyInterval(intervalMs: number, tick: () => Promise<unknown>): NodeJS.Timeout {
  let busy = false;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    void tick().finally(() => (busy = false));
  }, intervalMs);
}

async function giveBack(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  claim: ClaimedEvaluation,
  log: (line: string) => void,
) {
  const outcome = await releaseEvaluation(db, boss, {
    evaluationId: claim.evaluationId,
    attempt: claim.attempt,
    actingRunnerId: runnerId,
    reason: `runner ${runnerId} stopped before the measurement ended; retrying`,
    giveUp: {
      code: "RUNNER_LOST",
      message:
        "The runners measuring this evaluation stopped before it ended on every attempt. The organizers can run it again.",
    },
  }).catch((error: Error) => `not given back (${error.message}); another runner will retry it`);
  log(`evaluation ${claim.evaluationId} given back to the queue: ${outcome}`);
}

/**
 * Removes what runner processes that no longer run left on this host (staged copies, job folders), whatever its
 * age: an attempt whose runner is gone is over, and its copies hold the hidden test inputs and a team's model.
 */
async function removeAbandonedCopies(settings: EvaluationSettings, log: (line: string) => void): Promise<void> {
  try {
    const areas = await removeAbandonedStagingAreas();
    const jobFolders = settings.artifactCacheDir ? await removeAbandonedJobFolders(settings.artifactCacheDir) : 0;
    if (areas + jobFolders > 0)
      log(`removed ${areas} staging folder(s) and ${jobFolders} job folder(s) left by runners that are gone`);
  } catch (error) {
    log(`removing what stopped runners left failed: ${(error as Error).message}`);
  }
}

const rotate = <T>(items: readonly T[], by: number): T[] =>
  items.map((_, index) => items[(index + by) % items.length]!);

/** JOULEBENCH_PROTOCOL_OVERRIDES, checked against the protocol's own schema; unknown keys are typos. */
export function parseProtocolOverrides(overrides: Record<string, unknown> | undefined): EvaluationSettings["protocol"] {
  if (!overrides) return {};
  const unknown = Object.keys(overrides).filter((key) => !(key in measurementProtocolSchema.shape));
  if (unknown.length > 0) throw new Error(`JOULEBENCH_PROTOCOL_OVERRIDES: unknown keys ${unknown.join(", ")}`);
  measurementProtocol(overrides as EvaluationSettings["protocol"]);
  return overrides as EvaluationSettings["protocol"];
}

async function recordRefusal(databaseUrl: string, profiles: string[], problem: string): Promise<void> {
  const client = createDatabaseClient(databaseUrl, { max: 1 });
  try {
    await recordRefusedRunner(client.db, newRunnerId(), profiles, problem);
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const environment = readEnvironmentOrExit();
  const profiles = environment.RUNNER_PROFILES.split(",")
    .map((profile) => profile.trim())
    .filter(Boolean);
  let protocol: EvaluationSettings["protocol"] = {};
  try {
    protocol = parseProtocolOverrides(environment.JOULEBENCH_PROTOCOL_OVERRIDES);
  } catch (error) {
    exitWith((error as Error).message);
  }
  const database = await openMigratedDatabaseOrExit();
  const runner = await startRunner({
    databaseUrl: database.url,
    profiles,
    heartbeatIntervalMs: environment.RUNNER_HEARTBEAT_INTERVAL_MS,
    deadAfterMs: environment.RUNNER_DEAD_AFTER_MS,
    pollIntervalMs: environment.RUNNER_POLL_INTERVAL_MS,
    evaluation: {
      protocol,
      sandbox: !environment.JOULEBENCH_UNSAFE_NO_SANDBOX,
      mail: { smtpUrl: environment.SMTP_URL, from: environment.EMAIL_FROM, baseUrl: siteUrl(environment) },
    },
  }).catch(async (error: Error) => {
    if (error instanceof RunnerConfigurationError) {
      // Shown on the runners page too, where organizers look when evaluations wait.
      await recordRefusal(database.url, profiles, error.message).catch((recordError: Error) =>
        console.error(`(could not record the refusal for the runners page: ${recordError.message})`),
      );
    }
    await stopDatabaseServer(database);
    exitWith(
      `The runner could not start: ${error.message}`,
      error instanceof RunnerConfigurationError ? CONFIGURATION_ERROR_EXIT_CODE : 1,
    );
  });
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
