/**
 * Who may see and who may change a competition. Every data function for competitions, tasks, tracks, phases and
 * moderation goes through here, so the rule lives in one place:
 *
 * - a competition that is a draft, or private, exists only for its organizers and site admins; to anyone else
 *   it is NOT_FOUND (as GitHub answers for a private repository), so its name does not leak;
 * - a public or unlisted competition that is open, closed or archived is visible to everyone, signed in or not
 *   (unlisted ones are left out of the list, nothing more);
 * - organizers of the competition and site admins manage it; anyone else who can see it gets FORBIDDEN.
 */
import { and, eq } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { competitionOrganizers, competitions, type Competition } from "../../db/schema";
import { AppError } from "../errors";
import { isSiteAdmin } from "./site-admins";

/** The acting user's id, or null for a visitor who is not signed in. */
export type ActorId = string | null;

export interface CompetitionAccess {
  competition: Competition;
  isOrganizer: boolean;
  isAdmin: boolean;
  /** Organizer of this competition or site admin. */
  canManage: boolean;
}

export function isVisibleToEveryone(competition: Pick<Competition, "status" | "visibility">): boolean {
  return competition.status !== "draft" && competition.visibility !== "private";
}

export async function isOrganizerOf(
  db: DatabaseOrTransaction,
  userId: ActorId,
  competitionId: string,
): Promise<boolean> {
  if (!userId) return false;
  const [row] = await db
    .select({ userId: competitionOrganizers.userId })
    .from(competitionOrganizers)
    .where(and(eq(competitionOrganizers.competitionId, competitionId), eq(competitionOrganizers.userId, userId)));
  return row !== undefined;
}

export async function isAdmin(db: Database, userId: ActorId): Promise<boolean> {
  return userId ? isSiteAdmin(db, userId) : false;
}

/** The competition as the actor may see it; NOT_FOUND when it does not exist or is hidden from them. */
export async function competitionAccess(
  db: Database,
  actorId: ActorId,
  where: { slug: string } | { id: string },
): Promise<CompetitionAccess> {
  const [competition] = await db
    .select()
    .from(competitions)
    .where("slug" in where ? eq(competitions.slug, where.slug) : eq(competitions.id, where.id));
  if (!competition) throw competitionNotFound();
  return { competition, ...(await accessToCompetition(db, actorId, competition)) };
}

/**
 * The same rule for a competition the caller has already read (with only the columns the rule needs, as the
 * board's one-query frame does): NOT_FOUND unless the actor may see it.
 */
export async function accessToCompetition(
  db: Database,
  actorId: ActorId,
  competition: Pick<Competition, "id" | "status" | "visibility">,
): Promise<Omit<CompetitionAccess, "competition">> {
  const [organizer, admin] = await Promise.all([isOrganizerOf(db, actorId, competition.id), isAdmin(db, actorId)]);
  const canManage = organizer || admin;
  if (!canManage && !isVisibleToEveryone(competition)) throw competitionNotFound();
  return { isOrganizer: organizer, isAdmin: admin, canManage };
}

/** For every change to a competition and what belongs to it: its organizers and site admins only. */
export async function requireCompetitionManager(
  db: Database,
  actorId: ActorId,
  where: { slug: string } | { id: string },
): Promise<CompetitionAccess> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to manage a competition.");
  const access = await competitionAccess(db, actorId, where);
  if (!access.canManage)
    throw new AppError("FORBIDDEN", "Only this competition's organizers and site admins can do this.");
  return access;
}

export async function requireSiteAdmin(db: Database, actorId: ActorId, what: string): Promise<void> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", `Sign in to ${what}.`);
  if (!(await isSiteAdmin(db, actorId))) throw new AppError("FORBIDDEN", `Only site admins can ${what}.`);
}

export function competitionNotFound(): AppError {
  return new AppError("NOT_FOUND", "Competition not found.");
}
