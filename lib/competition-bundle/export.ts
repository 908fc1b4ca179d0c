/**
 * Writes a competition as a competition file (./manifest.ts): what an organizer set up, with the data files of
 * its uploaded tasks read from the artifact store. The test split holds the hidden labels, so its files are
 * included only when `includeHiddenTestData` is set: by the command line (`npm run competition -- export`),
 * whose authority is shell access to the server. Through the web, organizers get the file without them; its
 * manifest still names them with their sha256, and importing it asks for them.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Readable } from "node:stream";
import { stringify } from "yaml";
import { ZipFile } from "yazl";
import type { Database } from "../../db/client";
import { competitions, tasks, trackTasks, tracks as trackTable, type Task } from "../../db/schema";
import type { ArtifactStore } from "../storage/artifact-store";
import { splitFiles } from "../tasks/task-definition";
import { requireCompetitionManager, type ActorId } from "../data/competition-access";
import { listPhasesOf } from "../data/phases";
import { taskRowsByIds, type UploadedTaskFiles } from "../data/tasks";
import { BUNDLE_FORMAT, type CompetitionManifest } from "./competition-manifest";

export interface ExportOptions {
  includeHiddenTestData: boolean;
}

/** For the web: organizers and site admins, never with the hidden test data. */
export async function exportCompetition(
  db: Database,
  store: ArtifactStore,
  actorId: ActorId,
  slug: string,
): Promise<{ fileName: string; stream: Readable }> {
  const { competition } = await requireCompetitionManager(db, actorId, { slug });
  return {
    fileName: `${competition.slug}.zip`,
    stream: await buildCompetitionFile(db, store, competition.id, { includeHiddenTestData: false }),
  };
}

/** No authorization: callers are the command line and exportCompetition above. */
export async function buildCompetitionFile(
  db: Database,
  store: ArtifactStore,
  competitionId: string,
  options: ExportOptions,
): Promise<Readable> {
  const [competition] = await db.select().from(competitions).where(eq(competitions.id, competitionId));
  if (!competition) throw new Error(`no competition ${competitionId}`);
  const [tracks, phases] = await Promise.all([
    db
      .select({ track: trackTable, taskSlug: tasks.slug })
      .from(trackTable)
      .innerJoin(tasks, eq(tasks.id, trackTable.taskId))
      .where(eq(trackTable.competitionId, competitionId))
      .orderBy(asc(trackTable.createdAt), asc(trackTable.id)),
    listPhasesOf(db, competitionId),
  ]);
  const benchmarkTasks = await benchmarkTasksOfTracks(
    db,
    tracks.map(({ track }) => track.id),
  );
  const taskRows = await taskRowsByIds(db, [
    ...new Set([...tracks.map(({ track }) => track.taskId), ...benchmarkTasks.map((row) => row.taskId)]),
  ]);
  const zip = new ZipFile();
  const entries: { archivePath: string; key: string }[] = [];
  const manifest: CompetitionManifest = {
    format: BUNDLE_FORMAT,
    competition: {
      slug: competition.slug,
      title: competition.title,
      visibility: competition.visibility,
      status: competition.status,
      maxBundleBytes: competition.maxBundleBytes,
      oneTeamPerPerson: competition.oneTeamPerPerson,
    },
    overview: "overview.md",
    rules: "rules.md",
    tasks: taskRows.sort((a, b) => a.slug.localeCompare(b.slug)).map((task) => taskEntry(task, options, entries, zip)),
    tracks: tracks.map(({ track, taskSlug }) => ({
      title: track.title,
      task: taskSlug,
      hardwareProfile: track.hardwareProfileId,
      rankingRule: track.rankingRule,
      qualityMetric: track.qualityMetric,
      qualityThreshold: track.qualityThreshold,
      rankedEnergyKind: track.rankedEnergyKind,
      timeLimitSeconds: track.timeLimitSeconds,
      ...(track.taskAggregate
        ? {
            taskAggregate: track.taskAggregate,
            tasks: benchmarkTasks
              .filter((row) => row.trackId === track.id)
              .map((row) => ({ task: row.slug, metric: row.metric, weight: row.weight })),
          }
        : {}),
    })),
    phases: phases.map((phase) => ({
      name: phase.name,
      kind: phase.kind,
      startsAt: phase.startsAt,
      endsAt: phase.endsAt,
      submissionsPerDay: phase.submissionsPerDay,
      submissionsTotal: phase.submissionsTotal,
      concurrentSubmissions: phase.concurrentSubmissions,
      revealPrivate: phase.revealPrivate,
    })),
  };
  zip.addBuffer(Buffer.from(stringify(manifest)), "competition.yaml");
  zip.addBuffer(Buffer.from(competition.overviewMarkdown), "overview.md");
  zip.addBuffer(Buffer.from(competition.rulesMarkdown), "rules.md");
  for (const entry of entries) zip.addReadStream((await store.get(entry.key)) as Readable, entry.archivePath);
  zip.end();
  return zip.outputStream as Readable;
}

function taskEntry(
  task: Task,
  options: ExportOptions,
  entries: { archivePath: string; key: string }[],
  zip: ZipFile,
): CompetitionManifest["tasks"][number] {
  if (task.competitionId === null) return { slug: task.slug, shipped: true };
  const files = task.datasetFiles as unknown as UploadedTaskFiles;
  const definition = {
    slug: task.slug,
    title: task.title,
    ...(files.description ? { description: files.description } : {}),
    inputFields: task.inputFields,
    labels: task.labels,
    metrics: task.metrics,
    splits: files.splits,
    source: files.source,
  };
  const definitionPath = `tasks/${task.slug}/task.json`;
  zip.addBuffer(Buffer.from(`${JSON.stringify(definition, null, 2)}\n`), definitionPath);
  // The audit split's rewrites are as hidden as the test labels (lib/tasks/audit-review.ts).
  const testPaths = new Set(
    splitFiles(definition)
      .filter(({ split }) => split === "test" || split === "audit")
      .map(({ spec }) => spec.path),
  );
  const references: Record<string, { path: string; sha256: string }> = {};
  for (const [filePath, artifact] of Object.entries(files.artifacts)) {
    const archivePath = `tasks/${task.slug}/data/${filePath}`;
    references[filePath] = { path: archivePath, sha256: artifact.sha256 };
    if (testPaths.has(filePath) && !options.includeHiddenTestData) continue;
    entries.push({ archivePath, key: artifact.key });
  }
  return { slug: task.slug, definition: definitionPath, files: references };
}

/** The tasks of the competition's multi-task tracks, in each track's order. */
async function benchmarkTasksOfTracks(db: Database, trackIds: string[]) {
  if (trackIds.length === 0) return [];
  return db
    .select({
      trackId: trackTasks.trackId,
      taskId: trackTasks.taskId,
      slug: tasks.slug,
      metric: trackTasks.metric,
      weight: trackTasks.weight,
    })
    .from(trackTasks)
    .innerJoin(tasks, eq(tasks.id, trackTasks.taskId))
    .where(inArray(trackTasks.trackId, trackIds))
    .orderBy(asc(trackTasks.trackId), asc(trackTasks.position));
}
