/**
 * Teams enter a competition by accepting its rules; only entered teams may submit. Any member of a team may
 * enter it (as on Kaggle, where any teammate accepts the rules for the team), only in a competition that is open,
 * and the rules text accepted is remembered by its sha256.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { competitionRegistrations, teamMemberships, teams } from "../../db/schema";
import { AppError } from "../errors";
import { competitionAccess, type ActorId } from "./competition-access";
import { refuseMemberRegisteredElsewhere } from "./one-team-per-person";
import { roleOf, teamNotFound } from "./teams";
import { parseInput } from "../validation/parse-input";

export const registrationInputSchema = z.object({
  teamId: z.string().min(1, { error: "Pick the team to enter." }),
  acceptRules: z.literal(true, { error: "Accept the competition's rules to enter it." }),
});
export type RegistrationInput = z.input<typeof registrationInputSchema>;

export interface RegistrationEntry {
  teamId: string;
  teamSlug: string;
  teamName: string;
  registeredAt: Date;
}

export interface RegistrationChoice {
  teamId: string;
  teamSlug: string;
  teamName: string;
  registered: boolean;
}

export const rulesDigest = (rulesMarkdown: string) => createHash("sha256").update(rulesMarkdown).digest("hex");

/**
 * Enters the team; entering it again is a no-op that returns the first entry. Refused when a member is already
 * registered with another team (./one-team-per-person.ts, which explains the locks).
 */
export async function registerTeam(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
  input: unknown,
): Promise<RegistrationEntry> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to enter a competition.");
  const { teamId } = parseInput(registrationInputSchema, input);
  const { competition } = await competitionAccess(db, actorId, { slug: competitionSlug });
  if (!(await roleOf(db, teamId, actorId))) throw teamNotFound();
  if (competition.status !== "open") {
    throw new AppError(
      "PHASE_CLOSED",
      `"${competition.title}" is ${competition.status}: teams can enter only while it is open.`,
    );
  }
  return db.transaction(async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for("update");
    if (!team) throw teamNotFound();
    const [existing] = await registeredTeamsQuery(tx, competition.id, [teamId]);
    if (existing) return existing;
    await refuseMemberRegisteredElsewhere(tx, competition, teamId, actorId);
    await tx
      .insert(competitionRegistrations)
      .values({
        competitionId: competition.id,
        teamId,
        registeredBy: actorId,
        rulesSha256: rulesDigest(competition.rulesMarkdown),
      })
      .onConflictDoNothing();
    const [entry] = await registeredTeamsQuery(tx, competition.id, [teamId]);
    if (!entry) throw new Error(`registration of team ${teamId} in ${competition.id} vanished`);
    return entry;
  });
}

/** The actor's teams, each with whether it has entered the competition (for the register and submit pages). */
export async function listMyTeamsForCompetition(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
): Promise<RegistrationChoice[]> {
  if (!actorId) return [];
  const { competition } = await competitionAccess(db, actorId, { slug: competitionSlug });
  const mine = await db
    .select({ teamId: teams.id, teamSlug: teams.slug, teamName: teams.name })
    .from(teamMemberships)
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .where(eq(teamMemberships.userId, actorId))
    .orderBy(asc(teams.name));
  const entered = new Set(
    (
      await registeredTeamsQuery(
        db,
        competition.id,
        mine.map((team) => team.teamId),
      )
    ).map((entry) => entry.teamId),
  );
  return mine.map((team) => ({ ...team, registered: entered.has(team.teamId) }));
}

/** Throws NOT_REGISTERED unless the team has entered the competition. */
export async function requireRegistration(
  db: DatabaseOrTransaction,
  competitionId: string,
  teamId: string,
): Promise<void> {
  const [row] = await db
    .select({ teamId: competitionRegistrations.teamId })
    .from(competitionRegistrations)
    .where(and(eq(competitionRegistrations.competitionId, competitionId), eq(competitionRegistrations.teamId, teamId)));
  if (!row)
    throw new AppError(
      "NOT_REGISTERED",
      "Your team has not entered this competition: register (accepting its rules) first.",
    );
}

function registeredTeamsQuery(
  db: DatabaseOrTransaction,
  competitionId: string,
  teamIds: string[],
): Promise<RegistrationEntry[]> {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      teamId: teams.id,
      teamSlug: teams.slug,
      teamName: teams.name,
      registeredAt: competitionRegistrations.registeredAt,
    })
    .from(competitionRegistrations)
    .innerJoin(teams, eq(teams.id, competitionRegistrations.teamId))
    .where(
      and(eq(competitionRegistrations.competitionId, competitionId), inArray(competitionRegistrations.teamId, teamIds)),
    );
}
