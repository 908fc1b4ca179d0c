/**
 * Finds evaluations whose runner died and hands them back to the queue (release.ts). Every live runner runs it
 * every heartbeat interval, so a death is noticed as long as one runner is left.
 *
 * Why heartbeats, not pg-boss's job expiry: expiry can only tell a dead runner from a slow measurement by the
 * job's age, so it would have to wait longer than the longest measurement allowed (hours; see
 * EVALUATION_JOB_EXPIRE_IN_HOURS, which remains as the backstop). A heartbeat is written every few seconds
 * whatever the measurement is doing, so silence for `deadAfterMs` (three missed beats by default) means the
 * process is gone or cut off from the database. If it was only cut off and comes back, its writes are refused
 * (fencing, lib/data/evaluations.ts), so presuming it dead too early costs a repeated measurement, never a
 * double count.
 */
import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { evaluations, runners } from "../../db/schema";
import { RUNNING_EVALUATION_STATES } from "../../lib/data/evaluations";
import { releaseEvaluation, type ReleaseOutcome } from "./release";

export interface ReapOptions {
  reaperId: string;
  deadAfterMs: number;
  /**
   * The evaluation the reaping runner is measuring now. Any other evaluation still assigned to it, claimed
   * longer than `deadAfterMs` ago, is an orphan too: its outcome could not be written (the database was
   * unreachable at that moment), and as the runner keeps heartbeating nobody else would ever release it.
   */
  runningEvaluationId: string | undefined;
  log: (line: string) => void;
}

export async function reapOrphanedEvaluations(
  db: Database,
  boss: PgBoss,
  options: ReapOptions,
): Promise<ReleaseOutcome[]> {
  // The database's clock judges silence: runners on different machines may disagree about the time.
  const silentSince = sql`now() - make_interval(secs => ${options.deadAfterMs / 1000})`;
  const orphans = await db
    .select({
      id: evaluations.id,
      attempt: evaluations.attempts,
      runnerId: evaluations.runnerId,
      lastHeartbeatAt: runners.lastHeartbeatAt,
    })
    .from(evaluations)
    .leftJoin(runners, eq(runners.id, evaluations.runnerId))
    .where(
      and(
        inArray(evaluations.state, RUNNING_EVALUATION_STATES),
        or(
          // A runner row that is missing, stopped, or silent too long: another runner's. A reaper never presumes
          // itself dead: right after a database outage its own heartbeat is stale until the next beat lands (a
          // beat stuck on a dead connection can take a while), and it would hand back, again and again, the
          // evaluations it has just claimed until their retries ran out (seen as RUNNER_LOST in the outage test).
          isNull(runners.id),
          isNotNull(runners.stoppedAt),
          and(ne(evaluations.runnerId, options.reaperId), lt(runners.lastHeartbeatAt, silentSince)),
          and(
            eq(evaluations.runnerId, options.reaperId),
            lt(evaluations.startedAt, silentSince),
            options.runningEvaluationId ? ne(evaluations.id, options.runningEvaluationId) : undefined,
          ),
        ),
      ),
    );
  const outcomes: ReleaseOutcome[] = [];
  for (const orphan of orphans) {
    const silentFor = orphan.lastHeartbeatAt ? ` (last heartbeat ${orphan.lastHeartbeatAt.toISOString()})` : "";
    const outcome = await releaseEvaluation(db, boss, {
      evaluationId: orphan.id,
      attempt: orphan.attempt,
      actingRunnerId: options.reaperId,
      reason:
        orphan.runnerId === options.reaperId
          ? `runner ${options.reaperId} could not record this attempt's outcome; retrying`
          : `runner ${orphan.runnerId ?? "(unknown)"} stopped responding${silentFor}; retrying`,
      giveUp: {
        code: "RUNNER_LOST",
        message:
          "The runners measuring this evaluation stopped responding on every attempt, so it was given up. The organizers can run it again.",
      },
    });
    if (outcome !== "superseded")
      options.log(`evaluation ${orphan.id} of runner ${orphan.runnerId ?? "(unknown)"}: ${outcome}`);
    outcomes.push(outcome);
  }
  return outcomes;
}
