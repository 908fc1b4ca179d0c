import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { phases, tracks } from "./competitions";
import { teams } from "./teams";

export const submissionState = pgEnum("submission_state", [
  "uploaded",
  "queued",
  "evaluating",
  "scored",
  "failed",
  "withdrawn",
]);

export const submissions = pgTable(
  "submissions",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    phaseId: text("phase_id").references(() => phases.id, { onDelete: "set null" }),
    submittedBy: text("submitted_by").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    // Where the artifact is stored (a path under the storage folder), its digest and size in bytes.
    artifactPath: text("artifact_path").notNull(),
    sha256: text("sha256").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    state: submissionState("state").notNull().default("uploaded"),
    // What the team declares: training data, distillation teacher, external compute, code link, ...
    disclosures: jsonb("disclosures").$type<Record<string, unknown>>().notNull().default({}),
    // One upload entered on several tracks makes one row per track; they share this id and the stored file.
    uploadGroupId: text("upload_group_id"),
    // Moderation by the competition's organizers. A hidden submission leaves the public leaderboards; a
    // disqualified one is not ranked at all. Either way the team sees the reason on its submission page.
    hidden: boolean("hidden").notNull().default(false),
    hiddenReason: text("hidden_reason"),
    disqualifiedReason: text("disqualified_reason"),
    // A reference model run by the organizers, shown on the leaderboard as a baseline rather than a competitor.
    isBaseline: boolean("is_baseline").notNull().default(false),
    moderatedBy: text("moderated_by").references(() => users.id, { onDelete: "set null" }),
    moderatedAt: timestamp("moderated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (s) => [
    index("submissions_team_idx").on(s.teamId),
    index("submissions_track_idx").on(s.trackId),
    // Duplicate detection looks a file up by its hash among a team's submissions to a track.
    index("submissions_team_track_sha_idx").on(s.teamId, s.trackId, s.sha256),
  ],
);
export type Submission = typeof submissions.$inferSelect;

export const evaluationState = pgEnum("evaluation_state", [
  "queued",
  "validating",
  "evaluating",
  "measuring",
  "finished",
  "failed",
  "cancelled",
]);
export type EvaluationState = (typeof evaluationState.enumValues)[number];

export const evaluations = pgTable(
  "evaluations",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    submissionId: text("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    hardwareProfileId: text("hardware_profile_id").notNull(),
    state: evaluationState("state").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    // Fraction done, 0..1, written as the runner goes.
    progress: doublePrecision("progress").notNull().default(0),
    // What the runner is doing now, in words ("latency pass, block 3 of 10"), written with the progress.
    progressDetail: text("progress_detail"),
    runnerId: text("runner_id"),
    jobId: text("job_id"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    log: text("log").notNull().default(""),
    // onnxruntime, node, runner and protocol versions the result was measured with.
    versions: jsonb("versions").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (e) => [index("evaluations_submission_idx").on(e.submissionId), index("evaluations_state_idx").on(e.state)],
);
export type Evaluation = typeof evaluations.$inferSelect;

// Every state change with its time, so a team can see where its evaluation spent its minutes.
export const evaluationEvents = pgTable(
  "evaluation_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    state: evaluationState("state").notNull(),
    attempt: integer("attempt").notNull().default(0),
    runnerId: text("runner_id"),
    message: text("message"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (e) => [index("evaluation_events_evaluation_idx").on(e.evaluationId)],
);
export type EvaluationEvent = typeof evaluationEvents.$inferSelect;
