/**
 * Creates a competition from a competition file (./manifest.ts). Everything is checked first and every problem
 * is listed at once (a broken manifest, a missing file, an unknown task, profile or metric, overlapping phases,
 * a taken address); only a file without problems is imported, and then all or nothing: data files go to the
 * artifact store first, the rows are written in one transaction, and a failure of either removes what was stored.
 */
import { eq, inArray } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import type { Database } from "../../db/client";
import { competitions, phases, tasks, trackTasks, tracks } from "../../db/schema";
import { BENCHMARK_SCORE_METRIC } from "../multitask/benchmark-aggregate";
import { checkTrackTaskList } from "../multitask/track-task-list";
import { AppError } from "../errors";
import { HARDWARE_PROFILES } from "../profiles/hardware-profiles";
import type { ArtifactStore, StoredArtifact } from "../storage/artifact-store";
import { listTaskDefinitions } from "../tasks/shipped-tasks";
import { parseTaskDefinition, splitFiles, type TaskDefinition } from "../tasks/task-definition";
import { requireSiteAdmin, type ActorId } from "../data/competition-access";
import { competitionInputSchema } from "../data/competitions";
import { phaseInputSchema } from "../data/phases";
import { ensureShippedTaskRow, MAX_TASK_FILE_BYTES, taskFileKey, type UploadedTaskFiles } from "../data/tasks";
import { ensureHardwareProfileRow } from "../data/tracks";
import {
  isUploadedTask,
  manifestSchema,
  MANIFEST_NAMES,
  type CompetitionManifest,
  type UploadedTaskEntry,
} from "./competition-manifest";
import { openCompetitionZip, type CompetitionZip } from "./zip-reader";

export class CompetitionFileError extends AppError {
  constructor(readonly problems: readonly string[]) {
    super(
      "COMPETITION_FILE_INVALID",
      `The competition file was not imported; fix ${problems.length === 1 ? "this problem" : `these ${problems.length} problems`}: ${problems.map((problem, index) => `(${index + 1}) ${problem}`).join(" ")}`,
    );
  }
}

interface PlannedTask {
  entry: UploadedTaskEntry;
  definition: TaskDefinition;
  id: string;
}

/** For the web: site admins create competitions. */
export async function importCompetition(
  db: Database,
  store: ArtifactStore,
  actorId: ActorId,
  zipPath: string,
): Promise<{ id: string; slug: string }> {
  await requireSiteAdmin(db, actorId, "import competitions");
  return importCompetitionFile(db, store, zipPath, { createdBy: actorId });
}

/** No authorization: callers are the command line and importCompetition above. */
export async function importCompetitionFile(
  db: Database,
  store: ArtifactStore,
  zipPath: string,
  options: { createdBy: string | null },
): Promise<{ id: string; slug: string }> {
  const { zip, problems } = await openCompetitionZip(zipPath);
  if (!zip) throw new CompetitionFileError(problems);
  try {
    const manifest = await readManifest(zip, problems);
    if (!manifest) throw new CompetitionFileError(problems);
    const plan = await checkManifest(db, zip, manifest, problems);
    if (problems.length > 0) throw new CompetitionFileError(problems);
    return await write(db, store, zip, manifest, plan, options.createdBy);
  } finally {
    zip.close();
  }
}

async function readManifest(zip: CompetitionZip, problems: string[]): Promise<CompetitionManifest | null> {
  const name = MANIFEST_NAMES.find((candidate) => zip.names.has(candidate));
  if (!name) {
    problems.push(`The zip has no manifest: put competition.yaml (or competition.json) at its top level.`);
    return null;
  }
  let raw: unknown;
  try {
    const text = await zip.text(name);
    raw = name.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    problems.push(`${name} cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
    return null;
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${name}: ${issue.path.join(".") || "(top level)"}: ${issue.message}.`);
    return null;
  }
  return parsed.data;
}

async function checkManifest(
  db: Database,
  zip: CompetitionZip,
  manifest: CompetitionManifest,
  problems: string[],
): Promise<PlannedTask[]> {
  const competition = competitionInputSchema.safeParse({
    ...manifest.competition,
    overviewMarkdown: "",
    rulesMarkdown: "",
  });
  if (!competition.success)
    for (const issue of competition.error.issues)
      problems.push(`competition.${issue.path.join(".")}: ${issue.message}`);
  const [taken] = await db
    .select({ id: competitions.id })
    .from(competitions)
    .where(eq(competitions.slug, manifest.competition.slug));
  if (taken) problems.push(`A competition with the address "${manifest.competition.slug}" exists already.`);
  for (const [field, file] of [
    ["overview", manifest.overview],
    ["rules", manifest.rules],
  ] as const) {
    if (file && !zip.names.has(file)) problems.push(`The ${field} names "${file}", which is not in the zip.`);
  }

  const shipped = new Map(listTaskDefinitions().map((definition) => [definition.slug, definition]));
  const metricsByTask = new Map<string, readonly string[]>();
  const planned: PlannedTask[] = [];
  const uploadedSlugs = manifest.tasks.filter(isUploadedTask).map((task) => task.slug);
  const takenSlugs = new Set(
    uploadedSlugs.length === 0
      ? []
      : (await db.select({ slug: tasks.slug }).from(tasks).where(inArray(tasks.slug, uploadedSlugs))).map(
          (row) => row.slug,
        ),
  );
  for (const task of manifest.tasks) {
    if (metricsByTask.has(task.slug)) {
      problems.push(`The task "${task.slug}" is listed twice.`);
      continue;
    }
    if (!isUploadedTask(task)) {
      const definition = shipped.get(task.slug);
      if (definition) metricsByTask.set(task.slug, definition.metrics);
      else
        problems.push(
          `The task "${task.slug}" is marked shipped, but this site ships only ${[...shipped.keys()].join(", ")}.`,
        );
      continue;
    }
    const definition = await readTaskDefinition(zip, task, problems);
    if (!definition) continue;
    metricsByTask.set(task.slug, definition.metrics);
    if (takenSlugs.has(task.slug) || shipped.has(task.slug))
      problems.push(`A task with the address "${task.slug}" exists already on this site.`);
    if (definition.splits.dev?.path === definition.splits.test.path) {
      problems.push(
        `Task "${task.slug}": the dev split uses the test split's file; teams download the dev split, so give it a file of its own.`,
      );
    }
    for (const { split, spec } of splitFiles(definition)) {
      const reference = task.files[spec.path];
      if (!reference)
        problems.push(`Task "${task.slug}": the ${split} split's file "${spec.path}" is not listed under files.`);
      else if (!zip.names.has(reference.path))
        problems.push(`Task "${task.slug}": the ${split} split's file "${reference.path}" is missing from the zip.`);
    }
    planned.push({ entry: task, definition, id: crypto.randomUUID() });
  }

  const profiles = new Set(HARDWARE_PROFILES.map((profile) => profile.id));
  const trackKeys = new Set<string>();
  manifest.tracks.forEach((track, index) => {
    const where = `Track ${index + 1} ("${track.title}")`;
    if (track.title.trim().length < 2) problems.push(`${where}: its title needs at least 2 characters.`);
    const metrics = metricsByTask.get(track.task);
    if (!metrics && !manifest.tasks.some((task) => task.slug === track.task))
      problems.push(`${where}: the task "${track.task}" is not among the file's tasks.`);
    if (!profiles.has(track.hardwareProfile))
      problems.push(
        `${where}: there is no hardware profile "${track.hardwareProfile}" (known: ${[...profiles].join(", ")}).`,
      );
    if (track.tasks || track.taskAggregate) {
      problems.push(...benchmarkTrackProblems(track, metricsByTask).map((problem) => `${where}: ${problem}`));
      return;
    }
    const metric = track.qualityMetric ?? "accuracy";
    if (metrics && !metrics.includes(metric))
      problems.push(`${where}: the task measures ${metrics.join(", ")}, not ${metric}.`);
    const key = `${track.task}@${track.hardwareProfile}`;
    if (trackKeys.has(key))
      problems.push(`${where}: a second track for the task "${track.task}" on "${track.hardwareProfile}".`);
    trackKeys.add(key);
  });

  manifest.phases.forEach((phase, index) => {
    const parsed = phaseInputSchema.safeParse(phase);
    if (!parsed.success)
      for (const issue of parsed.error.issues) problems.push(`Phase ${index + 1} ("${phase.name}"): ${issue.message}`);
  });
  const sorted = [...manifest.phases].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (let index = 1; index < sorted.length; index += 1) {
    if (sorted[index]!.startsAt < sorted[index - 1]!.endsAt)
      problems.push(`The phases "${sorted[index - 1]!.name}" and "${sorted[index]!.name}" overlap.`);
  }
  return planned;
}

async function readTaskDefinition(
  zip: CompetitionZip,
  task: UploadedTaskEntry,
  problems: string[],
): Promise<TaskDefinition | null> {
  if (!zip.names.has(task.definition)) {
    problems.push(`Task "${task.slug}": its definition "${task.definition}" is missing from the zip.`);
    return null;
  }
  try {
    const definition = parseTaskDefinition(JSON.parse(await zip.text(task.definition)), task.definition);
    if (definition.slug !== task.slug)
      problems.push(`Task "${task.slug}": its definition declares the slug "${definition.slug}".`);
    return definition;
  } catch (error) {
    problems.push(`Task "${task.slug}": ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function write(
  db: Database,
  store: ArtifactStore,
  zip: CompetitionZip,
  manifest: CompetitionManifest,
  planned: PlannedTask[],
  createdBy: string | null,
): Promise<{ id: string; slug: string }> {
  const stored: StoredArtifact[] = [];
  try {
    const artifactsByTask = new Map<string, Record<string, StoredArtifact>>();
    for (const task of planned) {
      const artifacts: Record<string, StoredArtifact> = {};
      for (const { spec } of splitFiles(task.definition)) {
        if (artifacts[spec.path]) continue;
        const reference = task.entry.files[spec.path]!;
        const artifact = await store.put(taskFileKey(task.id, spec.path), await zip.stream(reference.path), {
          maxBytes: MAX_TASK_FILE_BYTES,
        });
        stored.push(artifact);
        if (reference.sha256 && reference.sha256 !== artifact.sha256) {
          throw new CompetitionFileError([
            `Task "${task.entry.slug}": "${reference.path}" has sha256 ${artifact.sha256}, not the ${reference.sha256} its manifest states.`,
          ]);
        }
        artifacts[spec.path] = artifact;
      }
      artifactsByTask.set(task.id, artifacts);
    }
    const overview = manifest.overview ? await zip.text(manifest.overview, 200_000) : "";
    const rules = manifest.rules ? await zip.text(manifest.rules, 200_000) : "";
    const competition = competitionInputSchema.parse({
      ...manifest.competition,
      overviewMarkdown: overview,
      rulesMarkdown: rules,
    });
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(competitions)
        .values({ ...competition, createdBy })
        .returning({ id: competitions.id, slug: competitions.slug });
      if (!created) throw new Error("insert into competitions returned no row");
      const taskIds = new Map<string, string>();
      for (const task of manifest.tasks) {
        if (!isUploadedTask(task)) taskIds.set(task.slug, (await ensureShippedTaskRow(tx, task.slug)).id);
      }
      for (const task of planned) {
        const { definition } = task;
        const datasetFiles: UploadedTaskFiles = {
          splits: definition.splits,
          source: definition.source,
          ...(definition.description ? { description: definition.description } : {}),
          artifacts: artifactsByTask.get(task.id)!,
        };
        await tx.insert(tasks).values({
          id: task.id,
          slug: definition.slug,
          title: definition.title,
          inputFields: definition.inputFields,
          labels: definition.labels,
          metrics: definition.metrics,
          datasetFiles: datasetFiles as unknown as Record<string, unknown>,
          competitionId: created.id,
        });
        taskIds.set(definition.slug, task.id);
      }
      // Tracks are listed in order of creation; one transaction's now() is the same for all, so space them.
      const base = Date.now();
      for (const [index, track] of manifest.tracks.entries()) {
        await ensureHardwareProfileRow(tx, track.hardwareProfile);
        const benchmark = track.tasks
          ? { taskAggregate: track.taskAggregate ?? "weighted-mean", qualityMetric: BENCHMARK_SCORE_METRIC }
          : {};
        const [inserted] = await tx
          .insert(tracks)
          .values({
            competitionId: created.id,
            taskId: taskIds.get(track.task)!,
            hardwareProfileId: track.hardwareProfile,
            title: track.title.trim(),
            rankingRule: track.rankingRule ?? "energy-at-threshold",
            qualityMetric: track.qualityMetric ?? "accuracy",
            qualityThreshold: track.qualityThreshold ?? null,
            rankedEnergyKind: track.rankedEnergyKind ?? "estimated",
            timeLimitSeconds: track.timeLimitSeconds ?? null,
            createdAt: new Date(base + index),
            ...benchmark,
          })
          .returning({ id: tracks.id });
        if (track.tasks) {
          await tx.insert(trackTasks).values(
            track.tasks.map((entry, position) => ({
              trackId: inserted!.id,
              taskId: taskIds.get(entry.task)!,
              position,
              metric: entry.metric,
              weight: entry.weight ?? 1,
            })),
          );
        }
      }
      for (const phase of manifest.phases)
        await tx.insert(phases).values({ ...phaseInputSchema.parse(phase), competitionId: created.id });
      return created;
    });
  } catch (error) {
    await Promise.allSettled(stored.map((artifact) => store.delete(artifact.key)));
    throw error;
  }
}

/**
 * A multi-task track of a competition file: its tasks checked as the organizer UI checks them (every problem
 * named), its first task being the track's `task`.
 */
function benchmarkTrackProblems(
  track: CompetitionManifest["tracks"][number],
  metricsByTask: Map<string, readonly string[]>,
): string[] {
  if (!track.tasks) return ["a multi-task track (taskAggregate) lists its tasks under tasks."];
  const known = new Map([...metricsByTask].map(([slug, metrics]) => [slug, { id: slug, slug, title: slug, metrics }]));
  const checked = checkTrackTaskList(
    track.tasks.map((entry) => ({ taskId: entry.task, metric: entry.metric, weight: entry.weight })),
    known,
  );
  const problems = checked.ok ? [] : checked.problems;
  if (track.tasks[0]?.task !== track.task) problems.push(`its task "${track.task}" must be the first of its tasks.`);
  return problems;
}
