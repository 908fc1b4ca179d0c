/**
 * Competitions: created by site admins, who name their organizers; set up and edited by those organizers.
 * Every function takes the acting user's id (null for a visitor) and authorizes inside (./competition-access.ts),
 * returning plain objects. Tracks, phases and tasks have their own files beside this one.
 */
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { competitionOrganizers, competitions, users, type Competition } from "../../db/schema";
import { AppError } from "../errors";
import {
  competitionAccess,
  isAdmin,
  requireCompetitionManager,
  requireSiteAdmin,
  type ActorId,
} from "./competition-access";
import { listPhasesOf, type PhaseSummary } from "./phases";
import { parseInput } from "../validation/parse-input";
import { listTracksOf, type TrackSummary } from "./tracks";

/**
 * Largest bundle accepted when a competition sets none. Compact models are the point: the largest of the
 * project's baselines is a few MB, and a distilled BERT-sized model in int8 is about 70 MB.
 */
export const DEFAULT_MAX_BUNDLE_BYTES = 256 * 1024 * 1024;
/** The most an organizer may allow: the web process streams uploads, but storage and runners have limits too. */
export const MAX_BUNDLE_BYTES_LIMIT = 4 * 1024 * 1024 * 1024;

export const competitionSlugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "A competition's address uses lower-case letters, digits and single dashes.")
  .min(3, "A competition's address needs at least 3 characters.")
  .max(60, "A competition's address can have at most 60 characters.");

const MARKDOWN_LIMIT = 100_000;

const competitionFields = z.object({
  slug: competitionSlugSchema,
  title: z
    .string()
    .trim()
    .min(3, "A title needs at least 3 characters.")
    .max(120, "A title can have at most 120 characters."),
  overviewMarkdown: z.string().max(MARKDOWN_LIMIT, "The overview can have at most 100,000 characters."),
  rulesMarkdown: z.string().max(MARKDOWN_LIMIT, "The rules can have at most 100,000 characters."),
  visibility: z.enum(["public", "unlisted", "private"]),
  status: z.enum(["draft", "open", "closed", "archived"]),
  maxBundleBytes: z
    .number()
    .int()
    .positive("The maximum bundle size must be positive.")
    .max(MAX_BUNDLE_BYTES_LIMIT, "The maximum bundle size can be at most 4 GiB.")
    .nullable(),
  // ./one-team-per-person.ts
  oneTeamPerPerson: z.boolean(),
});
export const competitionInputSchema = competitionFields.extend({
  overviewMarkdown: competitionFields.shape.overviewMarkdown.default(""),
  rulesMarkdown: competitionFields.shape.rulesMarkdown.default(""),
  visibility: competitionFields.shape.visibility.default("private"),
  status: competitionFields.shape.status.default("draft"),
  maxBundleBytes: competitionFields.shape.maxBundleBytes.default(null),
  oneTeamPerPerson: competitionFields.shape.oneTeamPerPerson.default(true),
});
export type CompetitionInput = z.input<typeof competitionInputSchema>;
// No defaults here: an update changes only the fields it names.
export const competitionUpdateSchema = competitionFields.omit({ slug: true }).partial();
export type CompetitionUpdate = z.input<typeof competitionUpdateSchema>;

export interface CompetitionSummary {
  id: string;
  slug: string;
  title: string;
  visibility: Competition["visibility"];
  status: Competition["status"];
  updatedAt: Date;
}

export interface CompetitionDetails extends CompetitionSummary {
  overviewMarkdown: string;
  rulesMarkdown: string;
  maxBundleBytes: number;
  /** Whether a person may belong to only one registered team (./one-team-per-person.ts). */
  oneTeamPerPerson: boolean;
  /** Whether the actor may edit it (organizer of it, or site admin). */
  canManage: boolean;
  tracks: TrackSummary[];
  phases: PhaseSummary[];
}

export interface OrganizerEntry {
  userId: string;
  email: string | null;
  name: string | null;
  addedAt: Date;
}

const summaryColumns = {
  id: competitions.id,
  slug: competitions.slug,
  title: competitions.title,
  visibility: competitions.visibility,
  status: competitions.status,
  updatedAt: competitions.updatedAt,
};

/**
 * Public, non-draft competitions for everyone; plus, for an organizer, the ones they organize, and for a site
 * admin, all. Unlisted ones are reachable by their address but never listed to outsiders.
 */
export async function listCompetitions(db: Database, actorId: ActorId): Promise<CompetitionSummary[]> {
  const listed = and(eq(competitions.visibility, "public"), sql`${competitions.status} <> 'draft'`);
  if (await isAdmin(db, actorId)) return db.select(summaryColumns).from(competitions).orderBy(asc(competitions.title));
  const organized = actorId
    ? db
        .select({ id: competitionOrganizers.competitionId })
        .from(competitionOrganizers)
        .where(eq(competitionOrganizers.userId, actorId))
    : undefined;
  return db
    .select(summaryColumns)
    .from(competitions)
    .where(organized ? or(listed, inArray(competitions.id, organized)) : listed)
    .orderBy(asc(competitions.title));
}

/** The competitions the actor manages: all for a site admin. */
export async function listManagedCompetitions(db: Database, actorId: ActorId): Promise<CompetitionSummary[]> {
  if (!actorId) return [];
  if (await isAdmin(db, actorId)) return db.select(summaryColumns).from(competitions).orderBy(asc(competitions.title));
  return db
    .select(summaryColumns)
    .from(competitions)
    .innerJoin(competitionOrganizers, eq(competitionOrganizers.competitionId, competitions.id))
    .where(eq(competitionOrganizers.userId, actorId))
    .orderBy(asc(competitions.title));
}

export async function getCompetition(db: Database, actorId: ActorId, slug: string): Promise<CompetitionDetails> {
  const access = await competitionAccess(db, actorId, { slug });
  const { competition } = access;
  const [tracks, phases] = await Promise.all([listTracksOf(db, competition.id), listPhasesOf(db, competition.id)]);
  return {
    id: competition.id,
    slug: competition.slug,
    title: competition.title,
    visibility: competition.visibility,
    status: competition.status,
    updatedAt: competition.updatedAt,
    overviewMarkdown: competition.overviewMarkdown,
    rulesMarkdown: competition.rulesMarkdown,
    maxBundleBytes: competition.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES,
    oneTeamPerPerson: competition.oneTeamPerPerson,
    canManage: access.canManage,
    tracks,
    phases,
  };
}

/** Site admins create competitions; a new one starts as a private draft unless the input says otherwise. */
export async function createCompetition(
  db: Database,
  actorId: ActorId,
  input: CompetitionInput,
): Promise<CompetitionSummary> {
  await requireSiteAdmin(db, actorId, "create competitions");
  const values = parseInput(competitionInputSchema, input);
  try {
    const [created] = await db
      .insert(competitions)
      .values({ ...values, createdBy: actorId })
      .returning(summaryColumns);
    if (!created) throw new Error("insert into competitions returned no row");
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(values.slug);
    throw error;
  }
}

export async function updateCompetition(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  input: CompetitionUpdate,
): Promise<CompetitionSummary> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  const values = parseInput(competitionUpdateSchema, input);
  const [updated] = await db
    .update(competitions)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(competitions.id, competitionId))
    .returning(summaryColumns);
  if (!updated) throw new AppError("NOT_FOUND", "Competition not found.");
  return updated;
}

export async function listOrganizers(db: Database, actorId: ActorId, competitionId: string): Promise<OrganizerEntry[]> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  return db
    .select({ userId: users.id, email: users.email, name: users.name, addedAt: competitionOrganizers.addedAt })
    .from(competitionOrganizers)
    .innerJoin(users, eq(users.id, competitionOrganizers.userId))
    .where(eq(competitionOrganizers.competitionId, competitionId))
    .orderBy(asc(competitionOrganizers.addedAt), asc(users.email));
}

/** Site admins name organizers, by the email they signed up with. */
export async function addOrganizer(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  email: string,
): Promise<OrganizerEntry> {
  await requireSiteAdmin(db, actorId, "name organizers");
  await competitionAccess(db, actorId, { id: competitionId });
  const normalized = parseInput(z.email("Enter the organizer's email address."), email.trim().toLowerCase());
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalized));
  if (!user) throw new AppError("NOT_FOUND", `No user has signed up with ${normalized}; ask them to sign up first.`);
  await db.insert(competitionOrganizers).values({ competitionId, userId: user.id }).onConflictDoNothing();
  const [row] = await db
    .select({ addedAt: competitionOrganizers.addedAt })
    .from(competitionOrganizers)
    .where(and(eq(competitionOrganizers.competitionId, competitionId), eq(competitionOrganizers.userId, user.id)));
  return { userId: user.id, email: user.email, name: user.name, addedAt: row?.addedAt ?? new Date() };
}

export async function removeOrganizer(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  userId: string,
): Promise<void> {
  await requireSiteAdmin(db, actorId, "remove organizers");
  await competitionAccess(db, actorId, { id: competitionId });
  const removed = await db
    .delete(competitionOrganizers)
    .where(and(eq(competitionOrganizers.competitionId, competitionId), eq(competitionOrganizers.userId, userId)))
    .returning({ userId: competitionOrganizers.userId });
  if (removed.length === 0) throw new AppError("NOT_FOUND", "That person is not an organizer of this competition.");
}

const slugTaken = (slug: string) =>
  new AppError("CONFLICT", `The address "${slug}" is taken by another competition; choose another.`);

function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as Error & { code?: string }).code === "23505") return true;
  }
  return false;
}
