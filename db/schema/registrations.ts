import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { competitions } from "./competitions";
import { teams } from "./teams";

/**
 * A team's entry in a competition: it may submit only once a member has accepted the rules. The sha256 of the
 * rules text accepted is kept, so an organizer who later rewrites the rules can tell who accepted which version.
 */
export const competitionRegistrations = pgTable(
  "competition_registrations",
  {
    competitionId: text("competition_id")
      .notNull()
      .references(() => competitions.id, { onDelete: "cascade" }),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    registeredBy: text("registered_by").references(() => users.id, { onDelete: "set null" }),
    rulesSha256: text("rules_sha256").notNull(),
    registeredAt: timestamp("registered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (r) => [
    primaryKey({ columns: [r.competitionId, r.teamId] }),
    index("competition_registrations_team_idx").on(r.teamId),
  ],
);
export type CompetitionRegistration = typeof competitionRegistrations.$inferSelect;
