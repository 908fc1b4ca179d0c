/**
 * Phases: time windows of a competition with their per-team quotas. Development phases rank on the public part
 * of the test set; the final phase ranks on the private part, which is revealed when the final phase ends (or
 * earlier, when an organizer sets `revealPrivate`), as Kaggle does. Phases of one competition never overlap, so
 * "the open phase" at any instant is one or none.
 */
import { and, asc, eq, gt, lt, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { phaseKind, phases, type Phase } from "../../db/schema";
import { AppError } from "../errors";
import { competitionAccess, requireCompetitionManager, type ActorId } from "./competition-access";
import { parseInput } from "../validation/parse-input";

export type PhaseState = "upcoming" | "open" | "ended";

export interface PhaseSummary {
  id: string;
  competitionId: string;
  name: string;
  kind: Phase["kind"];
  startsAt: Date;
  endsAt: Date;
  submissionsPerDay: number | null;
  submissionsTotal: number | null;
  concurrentSubmissions: number | null;
  revealPrivate: boolean;
}

const quota = (what: string) =>
  z
    .number()
    .int(`${what} is a whole number.`)
    .positive(`${what} must be at least 1, or left empty for no limit.`)
    .nullable()
    .default(null);

const phaseFields = z.object({
  name: z
    .string()
    .trim()
    .min(2, "A phase's name needs at least 2 characters.")
    .max(80, "A phase's name can have at most 80 characters."),
  kind: z.enum(phaseKind.enumValues).default("development"),
  startsAt: z.coerce.date("Give the phase's start as a date and time."),
  endsAt: z.coerce.date("Give the phase's end as a date and time."),
  submissionsPerDay: quota("Submissions per day"),
  submissionsTotal: quota("Submissions in total"),
  concurrentSubmissions: quota("Concurrent submissions"),
  revealPrivate: z.boolean().default(false),
});
export const phaseInputSchema = phaseFields.refine((phase) => phase.endsAt > phase.startsAt, {
  message: "A phase must end after it starts.",
  path: ["endsAt"],
});
export type PhaseInput = z.input<typeof phaseInputSchema>;

export async function listPhasesOf(db: DatabaseOrTransaction, competitionId: string): Promise<PhaseSummary[]> {
  return db
    .select()
    .from(phases)
    .where(eq(phases.competitionId, competitionId))
    .orderBy(asc(phases.startsAt), asc(phases.id));
}

export async function listPhases(db: Database, actorId: ActorId, competitionSlug: string): Promise<PhaseSummary[]> {
  const { competition } = await competitionAccess(db, actorId, { slug: competitionSlug });
  return listPhasesOf(db, competition.id);
}

export function phaseState(phase: Pick<PhaseSummary, "startsAt" | "endsAt">, now: Date): PhaseState {
  if (now < phase.startsAt) return "upcoming";
  return now < phase.endsAt ? "open" : "ended";
}

/** The phase accepting submissions at `now`, if any. */
export function openPhase<T extends Pick<PhaseSummary, "startsAt" | "endsAt">>(
  list: readonly T[],
  now: Date,
): T | undefined {
  return list.find((phase) => phaseState(phase, now) === "open");
}

/**
 * Whether private-split results may be shown to everyone: once a final phase has ended, or when an organizer
 * has revealed them. Before that only organizers and site admins see them.
 */
export function privateResultsRevealed(
  list: readonly Pick<PhaseSummary, "kind" | "endsAt" | "revealPrivate">[],
  now: Date,
): boolean {
  return list.some((phase) => phase.revealPrivate || (phase.kind === "final" && now >= phase.endsAt));
}

export async function createPhase(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  input: PhaseInput,
): Promise<PhaseSummary> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  const values = parseInput(phaseInputSchema, input);
  return db.transaction(async (tx) => {
    await refuseOverlap(tx, competitionId, values.startsAt, values.endsAt, null);
    const [created] = await tx
      .insert(phases)
      .values({ ...values, competitionId })
      .returning();
    if (!created) throw new Error("insert into phases returned no row");
    return created;
  });
}

export async function updatePhase(
  db: Database,
  actorId: ActorId,
  phaseId: string,
  input: PhaseInput,
): Promise<PhaseSummary> {
  const phase = await requirePhase(db, phaseId);
  await requireCompetitionManager(db, actorId, { id: phase.competitionId });
  const values = parseInput(phaseInputSchema, input);
  return db.transaction(async (tx) => {
    await refuseOverlap(tx, phase.competitionId, values.startsAt, values.endsAt, phaseId);
    const [updated] = await tx.update(phases).set(values).where(eq(phases.id, phaseId)).returning();
    if (!updated) throw phaseNotFound();
    return updated;
  });
}

/** Shows the private-split results to everyone before the final phase ends, or hides them again until then. */
export async function setPrivateResultsRevealed(
  db: Database,
  actorId: ActorId,
  phaseId: string,
  revealed: boolean,
): Promise<PhaseSummary> {
  const phase = await requirePhase(db, phaseId);
  await requireCompetitionManager(db, actorId, { id: phase.competitionId });
  const [updated] = await db.update(phases).set({ revealPrivate: revealed }).where(eq(phases.id, phaseId)).returning();
  if (!updated) throw phaseNotFound();
  return updated;
}

/** Submissions made in a deleted phase keep their results; they only lose the phase they were counted in. */
export async function deletePhase(db: Database, actorId: ActorId, phaseId: string): Promise<void> {
  const phase = await requirePhase(db, phaseId);
  await requireCompetitionManager(db, actorId, { id: phase.competitionId });
  await db.delete(phases).where(eq(phases.id, phaseId));
}

async function requirePhase(db: Database, phaseId: string): Promise<Phase> {
  const [phase] = await db.select().from(phases).where(eq(phases.id, phaseId));
  if (!phase) throw phaseNotFound();
  return phase;
}

async function refuseOverlap(
  tx: DatabaseOrTransaction,
  competitionId: string,
  startsAt: Date,
  endsAt: Date,
  exceptId: string | null,
) {
  // Serializes phase changes of one competition, so two concurrent edits cannot both pass this check.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`phases:${competitionId}`}))`);
  const [clash] = await tx
    .select({ name: phases.name })
    .from(phases)
    .where(
      and(
        eq(phases.competitionId, competitionId),
        lt(phases.startsAt, endsAt),
        gt(phases.endsAt, startsAt),
        exceptId ? ne(phases.id, exceptId) : undefined,
      ),
    );
  if (clash)
    throw new AppError(
      "CONFLICT",
      `This phase overlaps the phase "${clash.name}"; phases of a competition follow one another.`,
    );
}

const phaseNotFound = () => new AppError("NOT_FOUND", "Phase not found.");
