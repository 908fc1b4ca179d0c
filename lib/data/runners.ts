/**
 * The runners list for the organizers' page: every registered runner with its profiles, machine fingerprint,
 * last heartbeat and current evaluation. Runners write their own rows (runner/runner-registration.ts); the site only reads.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { competitionOrganizers, runners } from "../../db/schema";
import { AppError } from "../errors";
import { isSiteAdmin } from "./site-admins";

/**
 * A runner silent for this long is shown as gone, and its evaluation is handed to another runner
 * (runner/worker/reaper.ts uses the same limit by default). Three missed heartbeats at the runners' 10 s
 * interval: one lost packet or a garbage-collection pause is not a death.
 */
export const RUNNER_SILENCE_LIMIT_MS = 30_000;

/** "refused": it never started, because of its host's configuration (`problem` says what and how to fix it). */
export type RunnerStatus = "alive" | "silent" | "stopped" | "refused";

export interface RunnerListEntry {
  id: string;
  hostname: string;
  hardwareProfileIds: string[];
  fingerprint: Record<string, unknown>;
  version: string;
  currentEvaluationId: string | null;
  startedAt: Date;
  lastHeartbeatAt: Date;
  stoppedAt: Date | null;
  /** What keeps a refused runner from starting, and how to fix it; null for every other runner. */
  problem: string | null;
  /** Heartbeat within RUNNER_SILENCE_LIMIT_MS and not stopped. */
  alive: boolean;
  status: RunnerStatus;
}

/** Most recently started first. Runner fingerprints describe the organizers' machines: organizers and admins only. */
export async function listRunners(db: Database, actorUserId: string): Promise<RunnerListEntry[]> {
  await requireOrganizerOrAdmin(db, actorUserId);
  // The database's clock decides who is alive: runners and the web app may disagree about the time.
  const rows = await db
    .select({
      runner: runners,
      silent: sql<boolean>`${runners.lastHeartbeatAt} < now() - make_interval(secs => ${RUNNER_SILENCE_LIMIT_MS / 1000})`,
    })
    .from(runners)
    .orderBy(desc(runners.startedAt), desc(runners.id));
  return rows.map(({ runner, silent }) => {
    const status: RunnerStatus = runner.problem
      ? "refused"
      : runner.stoppedAt
        ? "stopped"
        : silent
          ? "silent"
          : "alive";
    return { ...runner, alive: status === "alive", status };
  });
}

async function requireOrganizerOrAdmin(db: Database, actorUserId: string): Promise<void> {
  const [organizer] = await db
    .select({ userId: competitionOrganizers.userId })
    .from(competitionOrganizers)
    .where(eq(competitionOrganizers.userId, actorUserId))
    .limit(1);
  if (organizer || (await isSiteAdmin(db, actorUserId))) return;
  throw new AppError("FORBIDDEN", "Only organizers and site admins can see the runners.");
}

/** Whether a runner with a recent heartbeat serves the profile (the database's clock decides, as on the runners page). */
export async function liveRunnerServes(db: Database, profileId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: runners.id })
    .from(runners)
    .where(
      and(
        isNull(runners.stoppedAt),
        sql`${runners.lastHeartbeatAt} >= now() - make_interval(secs => ${RUNNER_SILENCE_LIMIT_MS / 1000})`,
        sql`${runners.hardwareProfileIds} @> ${JSON.stringify([profileId])}::jsonb`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
