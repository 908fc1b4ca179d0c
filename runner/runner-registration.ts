/**
 * A runner's row in `runners`: registered on start with its profiles and machine fingerprint, touched by a
 * heartbeat, pointed at the evaluation it measures, closed on stop. The site lists runners from this table
 * (lib/data/runners.ts), and the other runners presume one whose heartbeat is old to be dead and retry its
 * evaluation (runner/worker/reaper.ts).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runners } from "../db/schema";
import { APP_VERSION } from "../lib/version";

/** What a measurement ran on, recorded so that results from different machines can be told apart. */
export function machineFingerprint() {
  return {
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** hostname-pid-random: readable in the runners list, unique even when a pid is reused after a restart. */
export function newRunnerId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export async function registerRunner(db: Database, id: string, profiles: string[]): Promise<void> {
  await db.insert(runners).values(runnerRow(id, profiles));
}

function runnerRow(id: string, profiles: string[]) {
  return {
    id,
    hostname: os.hostname(),
    hardwareProfileIds: profiles,
    fingerprint: machineFingerprint(),
    version: APP_VERSION,
  };
}

/** A runner that refused to start: listed as stopped, with what is wrong, so organizers see why nothing runs. */
export async function recordRefusedRunner(
  db: Database,
  id: string,
  profiles: string[],
  problem: string,
): Promise<void> {
  await db.insert(runners).values({ ...runnerRow(id, profiles), stoppedAt: sql`now()`, problem });
}

export async function recordHeartbeat(db: Database, id: string): Promise<void> {
  await db.update(runners).set({ lastHeartbeatAt: sql`now()` }).where(eq(runners.id, id));
}

/** Called when an evaluation ends; the claim sets it (runner/worker/claim.ts), in the claim's transaction. */
export async function clearCurrentEvaluation(db: Database, id: string): Promise<void> {
  await db.update(runners).set({ currentEvaluationId: null }).where(eq(runners.id, id));
}

export async function markRunnerStopped(db: Database, id: string): Promise<void> {
  await db.update(runners).set({ stoppedAt: sql`now()`, currentEvaluationId: null }).where(eq(runners.id, id));
}
