import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Runners register themselves so the site can list them; a runner whose heartbeat is old is presumed dead.
export const runners = pgTable("runners", {
  id: text("id").primaryKey(),
  hostname: text("hostname").notNull(),
  hardwareProfileIds: jsonb("hardware_profile_ids").$type<string[]>().notNull(),
  fingerprint: jsonb("fingerprint").$type<Record<string, unknown>>().notNull().default({}),
  version: text("version").notNull(),
  currentEvaluationId: text("current_evaluation_id"),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  lastHeartbeatAt: timestamp("last_heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true }),
  // Set when the runner refused to start because of its host's configuration (no sandbox, a profile it cannot
  // honor): what is wrong and how to fix it, for the runners page. Such a runner is stopped from the start.
  problem: text("problem"),
});
export type Runner = typeof runners.$inferSelect;
