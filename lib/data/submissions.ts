/**
 * Accepting a submission: who may submit what where, checked before a byte of the upload is read; the upload
 * streamed to the artifact store (hashed as it passes, cut off at the competition's size limit); the bundle
 * checked by the runner's own validator against every picked track's task; then quotas and duplicates under a
 * lock, one submission row per track, and the evaluations queued. Anything refused on the way leaves nothing
 * behind: no stored file, no row, no quota used.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { phases, submissions, tasks, tracks, type Phase } from "../../db/schema";
import { AppError } from "../errors";
import type { ArtifactStore } from "../storage/artifact-store";
import { checkBenchmarkBundleInChildProcess, checkBundleInChildProcess } from "../submissions/check-bundle-isolated";
import { trackTasksOf } from "./multi-task-tracks";
import { parseDisclosures, disclosuresInputSchema } from "../submissions/disclosures";
import { competitionAccess, type ActorId } from "./competition-access";
import { DEFAULT_MAX_BUNDLE_BYTES } from "./competitions";
import { enqueueEvaluation } from "./evaluations";
import type { EvaluationQueue } from "../queue/evaluation-queue";
import { requireRegistration } from "./registrations";
import { lockTeamForSubmission, requireConcurrencySlot, requireNewFile, requireQuota } from "./submission-quotas";
import { roleOf, teamNotFound } from "./teams";
import { parseInput } from "../validation/parse-input";

export const submissionInputSchema = z.object({
  teamId: z.string().min(1, { error: "Pick the team that submits." }),
  name: z
    .string()
    .trim()
    .min(1, { error: "Name the submission." })
    .max(100, { error: "Keep the name under 100 characters." }),
  trackIds: z.array(z.string().min(1)).min(1, { error: "Pick at least one track." }).max(20),
  disclosures: disclosuresInputSchema.optional(),
});
export type SubmissionInput = z.input<typeof submissionInputSchema>;

export interface SubmitDependencies {
  db: Database;
  queue: EvaluationQueue;
  store: ArtifactStore;
}

export interface SubmissionTarget {
  competitionId: string;
  competitionSlug: string;
  teamId: string;
  phase: Phase;
  maxBundleBytes: number;
  tracks: {
    id: string;
    title: string;
    taskAggregate?: string | null;
    task: { title: string; labels: string[]; inputFields: string[] };
  }[];
  input: z.output<typeof submissionInputSchema>;
}

export interface AcceptedSubmission {
  id: string;
  trackId: string;
  evaluationId: string;
}

export interface SubmitOutcome {
  uploadGroupId: string;
  sha256: string;
  sizeBytes: number;
  submissions: AcceptedSubmission[];
}

/**
 * Everything decidable before the upload is read: the actor is a member of the team, the team has entered the
 * competition, every track belongs to it, a phase is open now, and the quotas are not already used up (checked
 * again under the lock later; this early check spares a team uploading a file that cannot be accepted).
 */
export async function resolveSubmissionTarget(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
  rawInput: unknown,
): Promise<SubmissionTarget> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to submit.");
  const input = parseInput(submissionInputSchema, rawInput);
  parseDisclosures(input.disclosures);
  const { competition } = await competitionAccess(db, actorId, { slug: competitionSlug });
  // A tampered team id (another team's) gets the answer a team that does not exist gets.
  if (!(await roleOf(db, input.teamId, actorId))) throw teamNotFound();
  await requireRegistration(db, competition.id, input.teamId);
  if (competition.status !== "open")
    throw new AppError("PHASE_CLOSED", `"${competition.title}" is ${competition.status}: it takes no submissions.`);

  const trackIds = [...new Set(input.trackIds)];
  const rows = await db
    .select({
      id: tracks.id,
      title: tracks.title,
      taskAggregate: tracks.taskAggregate,
      task: { title: tasks.title, labels: tasks.labels, inputFields: tasks.inputFields },
    })
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(and(eq(tracks.competitionId, competition.id), inArray(tracks.id, trackIds)));
  if (rows.length !== trackIds.length) {
    throw new AppError(
      "NOT_FOUND",
      "A picked track does not belong to this competition. Reload the page and pick again.",
    );
  }
  if (rows.length > 1 && rows.some((row) => row.taskAggregate !== null)) {
    throw new AppError(
      "VALIDATION_FAILED",
      "A multi-task track takes a bundle of its own (one folder per task): submit to it alone.",
    );
  }
  const phase = await currentPhase(db, competition.id);
  const target = {
    competitionId: competition.id,
    competitionSlug,
    teamId: input.teamId,
    phase,
    tracks: rows,
    input: { ...input, trackIds },
  };
  await requireConcurrencySlot(db, input.teamId, competition.id, phase, trackIds.length);
  for (const track of rows) await requireQuota(db, { ...target, trackId: track.id, trackTitle: track.title });
  return { ...target, maxBundleBytes: competition.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES };
}

/** The phase open now; PHASE_CLOSED says when the next opens or that the last has ended. */
export async function currentPhase(db: Database, competitionId: string, now = new Date()): Promise<Phase> {
  const all = await db.select().from(phases).where(eq(phases.competitionId, competitionId)).orderBy(phases.startsAt);
  const open = all.find((phase) => phase.startsAt <= now && now < phase.endsAt);
  if (open) return open;
  const next = all.find((phase) => phase.startsAt > now);
  if (next)
    throw new AppError("PHASE_CLOSED", `No phase is open yet: "${next.name}" opens at ${next.startsAt.toISOString()}.`);
  if (all.length === 0)
    throw new AppError("PHASE_CLOSED", "This competition has no phase yet, so it takes no submissions.");
  throw new AppError("PHASE_CLOSED", "Every phase of this competition has ended: it takes no more submissions.");
}

/** Streams `body` into storage and accepts it on every target track, or leaves nothing behind and throws. */
export async function submitBundle(
  deps: SubmitDependencies,
  target: SubmissionTarget,
  actorId: string,
  body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
): Promise<SubmitOutcome> {
  const uploadGroupId = randomUUID();
  const key = `submissions/${uploadGroupId}/bundle`;
  const stored = await deps.store.put(key, body, { maxBytes: target.maxBundleBytes });
  let inserted: { id: string; trackId: string }[] = [];
  try {
    await checkStoredBundle(deps.db, deps.store, key, stored.sha256, target);
    inserted = await insertSubmissions(deps.db, target, actorId, {
      uploadGroupId,
      key,
      sha256: stored.sha256,
      sizeBytes: stored.sizeBytes,
    });
    const accepted: AcceptedSubmission[] = [];
    for (const row of inserted) {
      const { evaluationId } = await enqueueEvaluation(deps.db, deps.queue, { submissionId: row.id });
      accepted.push({ ...row, evaluationId });
    }
    return { uploadGroupId, sha256: stored.sha256, sizeBytes: stored.sizeBytes, submissions: accepted };
  } catch (error) {
    // Nothing half-accepted: rows (their evaluations and events cascade) and the stored file go together.
    if (inserted.length > 0)
      await deps.db.delete(submissions).where(
        inArray(
          submissions.id,
          inserted.map((row) => row.id),
        ),
      );
    await deps.store.delete(key).catch(() => undefined);
    throw error;
  }
}

async function checkStoredBundle(
  db: Database,
  store: ArtifactStore,
  key: string,
  sha256: string,
  target: SubmissionTarget,
): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-upload-"));
  try {
    const localCopy = path.join(workDir, "bundle");
    await store.download(key, localCopy, sha256);
    const multiTask = target.tracks.find((track) => (track.taskAggregate ?? null) !== null);
    if (multiTask) await checkBenchmarkBundleInChildProcess(localCopy, await trackTasksOf(db, multiTask.id));
    else
      await checkBundleInChildProcess(
        localCopy,
        target.tracks.map((track) => track.task),
      );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The last step of accepting: quotas and duplicates under the team's lock, the rows inserted, in one
 * transaction. Exported for the test that races several of them at the same instant.
 */
export async function insertSubmissions(
  db: Database,
  target: SubmissionTarget,
  actorId: string,
  file: { uploadGroupId: string; key: string; sha256: string; sizeBytes: number },
): Promise<{ id: string; trackId: string }[]> {
  const disclosures = parseDisclosures(target.input.disclosures);
  return db.transaction(async (tx) => {
    await lockTeamForSubmission(tx, target.teamId);
    await requireConcurrencySlot(tx, target.teamId, target.competitionId, target.phase, target.tracks.length);
    for (const track of target.tracks) {
      const where = { ...target, trackId: track.id, trackTitle: track.title };
      await requireNewFile(tx, where, file.sha256);
      await requireQuota(tx, where);
    }
    return tx
      .insert(submissions)
      .values(
        target.tracks.map((track) => ({
          teamId: target.teamId,
          trackId: track.id,
          phaseId: target.phase.id,
          submittedBy: actorId,
          name: target.input.name,
          artifactPath: file.key,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          disclosures: { ...disclosures },
          uploadGroupId: file.uploadGroupId,
        })),
      )
      .returning({ id: submissions.id, trackId: submissions.trackId });
  });
}
