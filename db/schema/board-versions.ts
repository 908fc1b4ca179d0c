import { bigint, pgTable, text } from "drizzle-orm/pg-core";

/**
 * A counter per track that database triggers raise whenever something its board shows changes (a submission,
 * an evaluation's state, a result, a team's name; migration 0009, once per statement). The web processes keep a
 * computed board while its track's version stays the same, so a board is recomputed when it changed, not on a timer.
 * No foreign key: the triggers also fire while a track's rows are deleted along with it.
 */
export const boardVersions = pgTable("board_versions", {
  trackId: text("track_id").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
export type BoardVersion = typeof boardVersions.$inferSelect;
