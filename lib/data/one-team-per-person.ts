/**
 * A person belongs to at most one registered team per competition, the rule Kaggle and Codabench enforce: with
 * two registered teams one person would get two submission quotas and two places on the board. It is checked
 * where a membership of a registered team can begin: when a team enters a competition (./registrations.ts) and
 * when someone joins a team that has entered one (./team-invites.ts). Organizers may turn it off per
 * competition (competitions.one_team_per_person). It binds in every competition that is not archived: a closed
 * one may open again, an archived one is history.
 *
 * Race safety: both checks are check-then-insert, so each runs inside a transaction holding a transaction-level
 * advisory lock per competition (the competitions of the team, in id order, so two joins cannot deadlock).
 * Two teams sharing a member that enter at once take turns on that lock, and the second one's check (READ
 * COMMITTED: a fresh snapshot per statement) sees the first one's entry. A join and its team's entry into a new
 * competition take turns on the team's row instead: entering takes it FOR UPDATE, joining FOR SHARE, both
 * before the advisory lock, so that every transaction takes its locks in the same order.
 */
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  competitionRegistrations,
  competitions,
  teamMemberships,
  teams,
  users,
  type Competition,
} from "../../db/schema";
import { AppError } from "../errors";
import type { DatabaseOrTransaction } from "../../db/client";

// First key of the two-key advisory locks of this rule; the second is a hash of the competition id (a collision
// only makes two competitions take turns). Other advisory locks of the site use one-key locks (727_001, 727_011).
const MEMBERSHIP_LOCK_SPACE = 727_021;

const RULE = "a person may belong to only one registered team per competition";

export async function lockCompetitionMemberships(
  tx: DatabaseOrTransaction,
  competitionIds: readonly string[],
): Promise<void> {
  for (const competitionId of [...new Set(competitionIds)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(${MEMBERSHIP_LOCK_SPACE}, hashtext(${competitionId}))`);
  }
}

/**
 * Before `teamId` enters `competition`: refuses when one of its members is in another team that has entered it.
 * Call inside the entering transaction, holding the team's row FOR UPDATE.
 */
export async function refuseMemberRegisteredElsewhere(
  tx: DatabaseOrTransaction,
  competition: Pick<Competition, "id" | "title" | "oneTeamPerPerson">,
  teamId: string,
  actorId: string,
): Promise<void> {
  if (!competition.oneTeamPerPerson) return;
  await lockCompetitionMemberships(tx, [competition.id]);
  const membership = alias(teamMemberships, "membership");
  const otherMembership = alias(teamMemberships, "other_membership");
  const [clash] = await tx
    .select({ userId: users.id, name: users.name, email: users.email, otherTeamName: teams.name })
    .from(membership)
    .innerJoin(otherMembership, and(eq(otherMembership.userId, membership.userId), ne(otherMembership.teamId, teamId)))
    .innerJoin(
      competitionRegistrations,
      and(
        eq(competitionRegistrations.teamId, otherMembership.teamId),
        eq(competitionRegistrations.competitionId, competition.id),
      ),
    )
    .innerJoin(teams, eq(teams.id, otherMembership.teamId))
    .innerJoin(users, eq(users.id, membership.userId))
    .where(eq(membership.teamId, teamId))
    // The actor's own clash first: it is the one they can fix themselves.
    .orderBy(sql`${users.id} = ${actorId} desc`, asc(users.id))
    .limit(1);
  if (!clash) return;
  if (clash.userId === actorId) {
    throw new AppError(
      "ONE_TEAM_PER_PERSON",
      `You are already registered in "${competition.title}" with the team "${clash.otherTeamName}", and ${RULE}. Leave one of the two teams first.`,
    );
  }
  // Another team of a teammate is their business: named by the person only.
  throw new AppError(
    "ONE_TEAM_PER_PERSON",
    `${clash.name ?? clash.email ?? "A member of this team"} is already registered in "${competition.title}" with another team, and ${RULE}: they must leave one of the two teams before this team can enter.`,
  );
}

/**
 * Before `userId` joins `teamId`: refuses when the team has entered a competition (not archived, rule on) that
 * the user has entered with another team. Call inside the joining transaction, holding the team's row FOR SHARE.
 */
export async function refuseJoiningSecondRegisteredTeam(
  tx: DatabaseOrTransaction,
  userId: string,
  teamId: string,
): Promise<void> {
  const bound = await tx
    .select({ id: competitions.id })
    .from(competitionRegistrations)
    .innerJoin(competitions, eq(competitions.id, competitionRegistrations.competitionId))
    .where(
      and(
        eq(competitionRegistrations.teamId, teamId),
        eq(competitions.oneTeamPerPerson, true),
        ne(competitions.status, "archived"),
      ),
    );
  if (bound.length === 0) return;
  await lockCompetitionMemberships(
    tx,
    bound.map((competition) => competition.id),
  );
  const ownEntry = alias(competitionRegistrations, "own_entry");
  const [clash] = await tx
    .select({ competitionTitle: competitions.title, otherTeamName: teams.name })
    .from(ownEntry)
    .innerJoin(competitions, eq(competitions.id, ownEntry.competitionId))
    .innerJoin(
      competitionRegistrations,
      and(
        eq(competitionRegistrations.competitionId, ownEntry.competitionId),
        ne(competitionRegistrations.teamId, teamId),
      ),
    )
    .innerJoin(
      teamMemberships,
      and(eq(teamMemberships.teamId, competitionRegistrations.teamId), eq(teamMemberships.userId, userId)),
    )
    .innerJoin(teams, eq(teams.id, competitionRegistrations.teamId))
    .where(
      and(eq(ownEntry.teamId, teamId), eq(competitions.oneTeamPerPerson, true), ne(competitions.status, "archived")),
    )
    .orderBy(asc(competitions.title))
    .limit(1);
  if (!clash) return;
  throw new AppError(
    "ONE_TEAM_PER_PERSON",
    `You are registered in "${clash.competitionTitle}" with the team "${clash.otherTeamName}", and this team has entered it too: ${RULE}. Leave "${clash.otherTeamName}" first to join this team.`,
  );
}
