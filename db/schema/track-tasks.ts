import { doublePrecision, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { tasks, tracks } from "./competitions";

/**
 * The tasks of a multi-task track (tracks.task_aggregate not null), in the order its board shows them, each with
 * the metric that is its score and its weight in the benchmark score (SuperGLUE weighs every task 1).
 */
export const trackTasks = pgTable(
  "track_tasks",
  {
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    taskId: text("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    metric: text("metric").notNull(),
    weight: doublePrecision("weight").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.trackId, t.taskId] }),
    uniqueIndex("track_tasks_track_position_idx").on(t.trackId, t.position),
  ],
);
export type TrackTask = typeof trackTasks.$inferSelect;
