import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "./auth";

export const competitionVisibility = pgEnum("competition_visibility", ["public", "unlisted", "private"]);
export const competitionStatus = pgEnum("competition_status", ["draft", "open", "closed", "archived"]);

export const competitions = pgTable("competitions", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  overviewMarkdown: text("overview_markdown").notNull().default(""),
  rulesMarkdown: text("rules_markdown").notNull().default(""),
  visibility: competitionVisibility("visibility").notNull().default("private"),
  status: competitionStatus("status").notNull().default("draft"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  // Largest submission bundle accepted, in bytes; null means the site's default.
  maxBundleBytes: bigint("max_bundle_bytes", { mode: "number" }),
  // A person may belong to at most one registered team (Kaggle's and Codabench's rule), so that a second team
  // does not give them a second quota; organizers may turn it off (lib/data/one-team-per-person.ts).
  oneTeamPerPerson: boolean("one_team_per_person").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Competition = typeof competitions.$inferSelect;

export const competitionOrganizers = pgTable(
  "competition_organizers",
  {
    competitionId: text("competition_id")
      .notNull()
      .references(() => competitions.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (o) => [primaryKey({ columns: [o.competitionId, o.userId] })],
);
export type CompetitionOrganizer = typeof competitionOrganizers.$inferSelect;

/**
 * A task names its data by file, never by content: the hidden test labels stay on disk next to the runner
 * (under the data folder) and never pass through the web app.
 */
export const tasks = pgTable("tasks", {
  id: text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID()),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  kind: text("kind").notNull().default("text-classification"),
  // e.g. ["sentence"] or ["premise", "hypothesis"]
  inputFields: jsonb("input_fields").$type<string[]>().notNull(),
  labels: jsonb("labels").$type<string[]>().notNull(),
  // e.g. ["accuracy", "macro_f1", "mcc"]; the first is the headline metric.
  metrics: jsonb("metrics").$type<string[]>().notNull(),
  // Test/dev/out-of-domain files with their format and column/label mapping; validated by lib/ before insert.
  datasetFiles: jsonb("dataset_files").$type<Record<string, unknown>>().notNull(),
  // Fraction of the hidden test set whose scores are shown during the competition (the rest decides the end).
  publicSplitFraction: doublePrecision("public_split_fraction").notNull().default(0.5),
  // Seed of the deterministic public/private split, so every runner draws the same split.
  splitSeed: integer("split_seed").notNull().default(0),
  outOfDomainSplit: text("out_of_domain_split"),
  // The competition whose organizers uploaded this task and may edit it; null for the tasks shipped with the
  // site, which every competition may use.
  competitionId: text("competition_id").references(() => competitions.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type Task = typeof tasks.$inferSelect;

export const hardwareProfiles = pgTable("hardware_profiles", {
  // e.g. "cpu-1t", "cpu-2t", "gpu": declared in the repository and synced into this table.
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  kind: text("kind").notNull(), // "cpu" | "gpu"
  // Threads, cores, memory cap, batch size and energy-model constants with their sources.
  spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
export type HardwareProfile = typeof hardwareProfiles.$inferSelect;

export const rankingRule = pgEnum("ranking_rule", [
  // Fewest joules per inference among models at or above the quality threshold.
  "energy-at-threshold",
  // Highest quality, ties broken by energy.
  "quality",
  // Pareto front of quality and energy.
  "pareto",
  // Lowest latency p90 among models at or above the quality threshold.
  "latency-p90",
  // Weighted composite of normalized metrics (Dynascore-style); visitors can move the weights on the board.
  "composite",
]);

/** Which energy a track's board ranks: "measured" (RAPL, NVML) or "estimated"; the two are never ranked together. */
export const rankedEnergyKinds = ["estimated", "measured"] as const;
export type RankedEnergyKind = (typeof rankedEnergyKinds)[number];

/** How a multi-task track's board combines its tasks (lib/ranking/benchmark-aggregate.ts). */
export const taskAggregates = ["weighted-mean"] as const;
export type TaskAggregate = (typeof taskAggregates)[number];

export const tracks = pgTable(
  "tracks",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    competitionId: text("competition_id")
      .notNull()
      .references(() => competitions.id, { onDelete: "cascade" }),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "restrict" }),
    hardwareProfileId: text("hardware_profile_id")
      .notNull()
      .references(() => hardwareProfiles.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    rankingRule: rankingRule("ranking_rule").notNull().default("energy-at-threshold"),
    qualityMetric: text("quality_metric").notNull().default("accuracy"),
    qualityThreshold: doublePrecision("quality_threshold"),
    rankedEnergyKind: text("ranked_energy_kind").$type<RankedEnergyKind>().notNull().default("estimated"),
    // Wall-clock limit of one evaluation on this track, set by its organizer; null: the protocol's timeoutMs.
    timeLimitSeconds: integer("time_limit_seconds"),
    // Null for a single-task track. A multi-task track (its tasks in track_tasks, task_id being the first of
    // them) says how its board combines them: "weighted-mean", SuperGLUE's score.
    taskAggregate: text("task_aggregate").$type<TaskAggregate>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // One single-task track per task and profile; a multi-task track may start with a task that has its own track.
  (t) => [
    uniqueIndex("tracks_competition_task_profile_idx")
      .on(t.competitionId, t.taskId, t.hardwareProfileId)
      .where(sql`${t.taskAggregate} is null`),
  ],
);
export type Track = typeof tracks.$inferSelect;

/**
 * Development phases rank on the public part of the test set; a final phase ranks on the private part, which is
 * revealed when it ends (Kaggle's public/private leaderboards).
 */
export const phaseKind = pgEnum("phase_kind", ["development", "final"]);
export type PhaseKind = (typeof phaseKind.enumValues)[number];

export const phases = pgTable(
  "phases",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    competitionId: text("competition_id")
      .notNull()
      .references(() => competitions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    // Quotas are per team and per track; null means unlimited.
    submissionsPerDay: integer("submissions_per_day"),
    submissionsTotal: integer("submissions_total"),
    // Submissions of one team waiting for or in an evaluation at once; null means unlimited.
    concurrentSubmissions: integer("concurrent_submissions"),
    kind: phaseKind("kind").notNull().default("development"),
    // Whether the private split is revealed on leaderboards (true after the final phase ends).
    revealPrivate: boolean("reveal_private").notNull().default(false),
  },
  (p) => [index("phases_competition_idx").on(p.competitionId)],
);
export type Phase = typeof phases.$inferSelect;
