/**
 * A competition as one file: a zip with `competition.yaml` (or `.yml`, or `competition.json`) at its root, the
 * overview and rules as Markdown files, and, for each task the organizers uploaded, its definition (the format of
 * lib/tasks/definitions) and its data files. Tasks shipped with the site are named by slug only. This follows
 * Codabench's competition bundle (https://docs.codabench.org/latest/Organizers/Benchmark_Creation/Competition-Bundle-Structure/):
 * one manifest that names every other file in the archive.
 *
 *   format: joulebench-competition/1
 *   competition: { slug, title, visibility, status, maxBundleBytes, oneTeamPerPerson }
 *   overview: overview.md
 *   rules: rules.md
 *   tasks:
 *     - slug: sst2                      # shipped with the site
 *       shipped: true
 *     - slug: my-task                   # uploaded: definition and every file its splits name
 *       definition: tasks/my-task/task.json
 *       files: { "my-task/test.tsv": { path: tasks/my-task/data/my-task/test.tsv, sha256: ... } }
 *   tracks: [{ title, task, hardwareProfile, rankingRule, qualityMetric, qualityThreshold, rankedEnergyKind, timeLimitSeconds }]
 *     # a multi-task track also lists every task (its `task` is the first), ranked on the benchmark score:
 *     #   taskAggregate: weighted-mean, tasks: [{ task: boolq, metric: accuracy, weight: 1 }, ...]
 *   phases: [{ name, kind, startsAt, endsAt, submissionsPerDay, submissionsTotal, concurrentSubmissions, revealPrivate }]
 *
 * Organizers are people of one site; they are not carried over (a site admin names them after an import).
 */
import { z } from "zod";
import { rankedEnergyKinds, rankingRule, taskAggregates } from "../../db/schema";

export const BUNDLE_FORMAT = "joulebench-competition/1";
export const MANIFEST_NAMES = ["competition.yaml", "competition.yml", "competition.json"] as const;

const archivePath = z
  .string()
  .min(1)
  .refine(
    (value) => !value.startsWith("/") && !value.includes("\\") && !value.split("/").includes(".."),
    "must be a path inside the archive, without ..",
  );

const fileReference = z.object({
  path: archivePath,
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be a sha256 in hex")
    .optional(),
});

const shippedTask = z.object({ slug: z.string().min(1), shipped: z.literal(true) });
const uploadedTask = z.object({
  slug: z.string().min(1),
  shipped: z.literal(false).optional(),
  definition: archivePath,
  /** Each data file path named by the definition's splits → where it is in the archive. */
  files: z.record(z.string(), fileReference),
});

const nullableCount = z.number().int().positive().nullable().optional();

export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, `must be "${BUNDLE_FORMAT}"`),
  competition: z.object({
    slug: z.string(),
    title: z.string(),
    visibility: z.enum(["public", "unlisted", "private"]).optional(),
    status: z.enum(["draft", "open", "closed", "archived"]).optional(),
    maxBundleBytes: z.number().int().positive().nullable().optional(),
    // Absent (files written before the rule existed): on, the site's default.
    oneTeamPerPerson: z.boolean().optional(),
  }),
  overview: archivePath.optional(),
  rules: archivePath.optional(),
  tasks: z.array(z.union([shippedTask, uploadedTask])).default([]),
  tracks: z
    .array(
      z.object({
        title: z.string(),
        task: z.string(),
        hardwareProfile: z.string(),
        rankingRule: z.enum(rankingRule.enumValues).optional(),
        qualityMetric: z.string().optional(),
        qualityThreshold: z.number().min(0).max(1).nullable().optional(),
        rankedEnergyKind: z.enum(rankedEnergyKinds).optional(),
        timeLimitSeconds: z.number().int().min(60).max(21_600).nullable().optional(),
        taskAggregate: z.enum(taskAggregates).optional(),
        tasks: z.array(z.object({ task: z.string(), metric: z.string(), weight: z.number().optional() })).optional(),
      }),
    )
    .default([]),
  phases: z
    .array(
      z.object({
        name: z.string(),
        kind: z.enum(["development", "final"]).optional(),
        // YAML reads an unquoted ISO timestamp as a Date; JSON gives a string.
        startsAt: z.coerce.date(),
        endsAt: z.coerce.date(),
        submissionsPerDay: nullableCount,
        submissionsTotal: nullableCount,
        concurrentSubmissions: nullableCount,
        revealPrivate: z.boolean().optional(),
      }),
    )
    .default([]),
});

export type CompetitionManifest = z.infer<typeof manifestSchema>;
export type UploadedTaskEntry = z.infer<typeof uploadedTask>;

export function isUploadedTask(task: CompetitionManifest["tasks"][number]): task is UploadedTaskEntry {
  return task.shipped !== true;
}
