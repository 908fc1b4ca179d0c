/**
 * Submits the kit's baselines to the demo tracks as the "Joulebench baselines" team, through the path every team
 * uses (resolveSubmissionTarget then submitBundle: registration, open phase, quotas, the bundle checked against
 * each track's task, evaluations queued), then marks them baselines with the organizer tool
 * (moderateSubmission). A bundle already submitted to a track (same sha256) is not submitted again, so every start
 * may call this; one that was submitted but not yet marked (a start stopped in between) is marked now.
 *
 * Order: one upload per baseline, entered on the task's CPU tracks at once, the SST-2 family first. Each
 * profile's queue is served oldest first, so the SST-2 cpu-1t board is measured before anything else on cpu-1t.
 * GPU tracks get no baselines: their evaluations would wait for a GPU runner that most hosts do not have.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray, ne } from "drizzle-orm";
import { hardwareProfiles, submissions, tasks, tracks } from "../../db/schema";
import { moderateSubmission } from "../../lib/data/moderation";
import { resolveSubmissionTarget, submitBundle, type SubmitDependencies } from "../../lib/data/submissions";
import type { DisclosuresInput } from "../../lib/submissions/disclosures";
import type { BuiltBundle } from "./baseline-build";
import type { DemoSeed } from "./seed-demo";

export interface DemoTrack {
  id: string;
  competitionSlug: string;
  competitionTitle: string;
  title: string;
  task: string;
  profile: string;
  profileKind: string;
  /** A multi-task track takes one bundle per entry with a folder per task (./superglue-entry.ts), not a kit bundle. */
  multiTask: boolean;
}

/** The demo competitions' tracks, flagship competition first, cpu-1t before cpu-2t within each. */
export async function demoTracks(deps: Pick<SubmitDependencies, "db">, seed: DemoSeed): Promise<DemoTrack[]> {
  const ids = seed.competitions.map((competition) => competition.id);
  if (ids.length === 0) return [];
  const rows = await deps.db
    .select({
      id: tracks.id,
      competitionId: tracks.competitionId,
      title: tracks.title,
      task: tasks.slug,
      profile: tracks.hardwareProfileId,
      profileKind: hardwareProfiles.kind,
      taskAggregate: tracks.taskAggregate,
    })
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .innerJoin(hardwareProfiles, eq(hardwareProfiles.id, tracks.hardwareProfileId))
    .where(inArray(tracks.competitionId, ids));
  const order = (competitionId: string) => ids.indexOf(competitionId);
  return rows
    .sort((a, b) => order(a.competitionId) - order(b.competitionId) || a.profile.localeCompare(b.profile))
    .map(({ competitionId, taskAggregate, ...row }) => {
      const competition = seed.competitions[order(competitionId)]!;
      return {
        ...row,
        multiTask: taskAggregate !== null,
        competitionSlug: competition.slug,
        competitionTitle: competition.title,
      };
    });
}

export async function disclosuresFor(bundle: BuiltBundle): Promise<DisclosuresInput> {
  const methods = [
    ...(bundle.name.includes("distilled") ? ["distillation"] : []),
    ...(bundle.name.includes("pruned") ? ["pruning"] : []),
    ...(bundle.name.includes("int8") ? ["quantization"] : []),
  ];
  let summary = "";
  try {
    const card = JSON.parse(await readFile(path.join(path.dirname(bundle.zipPath), "card.json"), "utf8")) as {
      summary?: string;
      training?: { data?: string };
    };
    summary = [card.summary, card.training?.data ? `Trained on ${card.training.data}.` : ""].filter(Boolean).join(" ");
  } catch {
    // The card is a courtesy; the bundle is what is measured.
  }
  return {
    methods,
    trainingHardware: "CPU (the kit trains on 2 cores in about a minute per model)",
    notes:
      `${summary} Built by Joulebench's baselines kit: npm run baselines (tools/baselines), seeded and reproducible; docs/BASELINES.md.`
        .trim()
        .slice(0, 4000),
  };
}

export interface SubmittedBaselines {
  /** Submissions made now, and those found from an earlier start. */
  submitted: number;
  alreadyThere: number;
}

export async function submitDemoBaselines(
  deps: SubmitDependencies,
  seed: DemoSeed,
  bundles: readonly BuiltBundle[],
): Promise<SubmittedBaselines> {
  const cpuTracks = (await demoTracks(deps, seed)).filter((track) => track.profileKind !== "gpu" && !track.multiTask);
  let submitted = 0;
  let alreadyThere = 0;
  for (const bundle of bundles) {
    const byCompetition = new Map<string, DemoTrack[]>();
    for (const track of cpuTracks.filter((candidate) => candidate.task === bundle.task)) {
      byCompetition.set(track.competitionSlug, [...(byCompetition.get(track.competitionSlug) ?? []), track]);
    }
    for (const [competitionSlug, targets] of byCompetition) {
      const earlier = await deps.db
        .select({ id: submissions.id, trackId: submissions.trackId, isBaseline: submissions.isBaseline })
        .from(submissions)
        .where(
          and(
            eq(submissions.teamId, seed.teamId),
            eq(submissions.sha256, bundle.sha256),
            ne(submissions.state, "withdrawn"),
            inArray(
              submissions.trackId,
              targets.map((track) => track.id),
            ),
          ),
        );
      for (const row of earlier.filter((row) => !row.isBaseline))
        await moderateSubmission(deps.db, seed.userId, row.id, { isBaseline: true });
      alreadyThere += earlier.length;
      const missing = targets.filter((track) => !earlier.some((row) => row.trackId === track.id));
      if (missing.length === 0) continue;
      const target = await resolveSubmissionTarget(deps.db, seed.userId, competitionSlug, {
        teamId: seed.teamId,
        name: bundle.name,
        trackIds: missing.map((track) => track.id),
        disclosures: await disclosuresFor(bundle),
      });
      const outcome = await submitBundle(deps, target, seed.userId, createReadStream(bundle.zipPath));
      for (const accepted of outcome.submissions)
        await moderateSubmission(deps.db, seed.userId, accepted.id, { isBaseline: true });
      submitted += outcome.submissions.length;
    }
  }
  return { submitted, alreadyThere };
}
