/**
 * Quotas and duplicate detection, checked inside the transaction that inserts the submission rows, under a lock
 * on the team's row: two uploads of one team at the same instant take turns, so they cannot both pass the last
 * slot (READ COMMITTED: each count below starts after the lock is held, so it sees the other's committed rows).
 *
 * What counts: every submission of the team to the track in the phase, except a withdrawn one and one whose
 * evaluation failed for a reason that was not the team's (runner lost, storage unreachable, our own bug), so
 * infrastructure failures never use quota. Days are UTC calendar days, as on Kaggle, so a team knows when its
 * daily quota comes back.
 */
import { and, eq, gte, inArray, ne, notExists, sql } from "drizzle-orm";
import {
  competitionOrganizers,
  evaluations,
  submissions,
  teamMemberships,
  teams,
  tracks,
  type Phase,
} from "../../db/schema";
import { AppError } from "../errors";
import { INFRASTRUCTURE_FAILURE_CODES } from "../submissions/infrastructure-failures";
import type { DatabaseOrTransaction } from "../../db/client";

export async function lockTeamForSubmission(tx: DatabaseOrTransaction, teamId: string): Promise<void> {
  await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for("update");
}

/** Submissions that use quota: not withdrawn, and not failed through no fault of the team. */
function countsAgainstQuota() {
  return and(
    ne(submissions.state, "withdrawn"),
    notExists(
      sql`(select 1 from ${evaluations} where ${evaluations.submissionId} = ${submissions.id}
        and ${evaluations.state} = 'failed' and ${inArray(evaluations.errorCode, INFRASTRUCTURE_FAILURE_CODES)}
        and ${submissions.state} = 'failed')`,
    ),
  );
}

async function count(tx: DatabaseOrTransaction, where: ReturnType<typeof and>): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(submissions).where(where);
  return row?.count ?? 0;
}

/**
 * A team whose every member organizes the competition (its baselines team, tools/demo) submits the organizers'
 * reference models: quotas, which keep teams from probing the hidden test set, do not apply to it.
 */
export async function isOrganizersTeam(
  tx: DatabaseOrTransaction,
  teamId: string,
  competitionId: string,
): Promise<boolean> {
  const [row] = await tx.execute<{ organizers: boolean }>(sql`
    select exists (select 1 from ${teamMemberships} where ${teamMemberships.teamId} = ${teamId})
      and not exists (
        select 1 from ${teamMemberships} m where m.team_id = ${teamId} and not exists (
          select 1 from ${competitionOrganizers} o where o.competition_id = ${competitionId} and o.user_id = m.user_id)) as organizers`);
  return row?.organizers === true;
}

/** Throws QUOTA_EXCEEDED naming the quota and when it frees up, for `adding` new submissions to the track. */
export async function requireQuota(
  tx: DatabaseOrTransaction,
  target: { teamId: string; trackId: string; trackTitle: string; competitionId: string; phase: Phase },
  adding = 1,
): Promise<void> {
  const { teamId, trackId, phase } = target;
  if (await isOrganizersTeam(tx, teamId, target.competitionId)) return;
  const onTrack = and(
    eq(submissions.teamId, teamId),
    eq(submissions.trackId, trackId),
    eq(submissions.phaseId, phase.id),
    countsAgainstQuota(),
  );
  if (phase.submissionsTotal !== null) {
    const used = await count(tx, onTrack);
    if (used + adding > phase.submissionsTotal) {
      throw new AppError(
        "QUOTA_EXCEEDED",
        `Your team has used all ${phase.submissionsTotal} submissions to "${target.trackTitle}" in phase "${phase.name}".`,
      );
    }
  }
  if (phase.submissionsPerDay !== null) {
    const used = await count(
      tx,
      and(onTrack, gte(submissions.createdAt, sql`date_trunc('day', now() at time zone 'utc') at time zone 'utc'`)),
    );
    if (used + adding > phase.submissionsPerDay) {
      throw new AppError(
        "QUOTA_EXCEEDED",
        `Your team has used today's ${phase.submissionsPerDay} submissions to "${target.trackTitle}". The quota resets at midnight UTC.`,
      );
    }
  }
}

/** Throws QUOTA_EXCEEDED when the team already has the phase's limit of submissions waiting or running. */
export async function requireConcurrencySlot(
  tx: DatabaseOrTransaction,
  teamId: string,
  competitionId: string,
  phase: Phase,
  adding: number,
) {
  if (phase.concurrentSubmissions === null || (await isOrganizersTeam(tx, teamId, competitionId))) return;
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(submissions)
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .where(
      and(
        eq(submissions.teamId, teamId),
        eq(tracks.competitionId, competitionId),
        inArray(submissions.state, ["uploaded", "queued", "evaluating"]),
      ),
    );
  if ((row?.count ?? 0) + adding > phase.concurrentSubmissions) {
    throw new AppError(
      "QUOTA_EXCEEDED",
      `Your team may have ${phase.concurrentSubmissions} submissions waiting or being evaluated at once. Wait for one to finish, or cancel one.`,
    );
  }
}

/** Throws DUPLICATE_SUBMISSION when the team already submitted this very file (by sha256) to the track. */
export async function requireNewFile(
  tx: DatabaseOrTransaction,
  target: { teamId: string; trackId: string; trackTitle: string },
  sha256: string,
) {
  const [earlier] = await tx
    .select({ id: submissions.id, name: submissions.name })
    .from(submissions)
    .where(
      and(
        eq(submissions.teamId, target.teamId),
        eq(submissions.trackId, target.trackId),
        eq(submissions.sha256, sha256),
        ne(submissions.state, "withdrawn"),
      ),
    )
    .limit(1);
  if (earlier) {
    throw new AppError(
      "DUPLICATE_SUBMISSION",
      `Your team already submitted this exact file to "${target.trackTitle}" as "${earlier.name}" (submission ${earlier.id}). Open that submission, or change the model.`,
    );
  }
}
