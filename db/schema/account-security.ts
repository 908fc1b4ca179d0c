// Tables behind account security: sign-in and sign-up throttles, one-time links for email verification and
// password reset, and who was removed from which team (so old open invite links stop working for them).
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { teams } from "./teams";

// One fixed-window counter per throttled key (see lib/rate-limit/throttle.ts). In PostgreSQL rather than in
// memory, so every web process counts the same attempts and a restart does not wipe them.
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    // "<rule>:<sha256 of the account or address>": the attempted addresses themselves are not kept.
    bucket: text("bucket").primaryKey(),
    hits: integer("hits").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
  },
  (counter) => [index("rate_limit_counters_window_idx").on(counter.windowStartedAt)],
);
export type RateLimitCounter = typeof rateLimitCounters.$inferSelect;

export const userTokenPurpose = pgEnum("user_token_purpose", ["verify_email", "reset_password"]);
export type UserTokenPurpose = (typeof userTokenPurpose.enumValues)[number];

// One-time links. Only the sha256 of the token is stored, as for team invites.
export const userTokens = pgTable(
  "user_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: userTokenPurpose("purpose").notNull(),
    // The address the link was sent to: a verification only counts while the account still has this address.
    email: text("email").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (token) => [index("user_tokens_user_idx").on(token.userId)],
);
export type UserToken = typeof userTokens.$inferSelect;

// A removal ends the removed user's use of every invite link created before it (lib/data/team-invites.ts).
export const teamMemberRemovals = pgTable(
  "team_member_removals",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    removedAt: timestamp("removed_at", { withTimezone: true }).notNull().defaultNow(),
    removedBy: text("removed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (removal) => [primaryKey({ columns: [removal.teamId, removal.userId] })],
);
export type TeamMemberRemoval = typeof teamMemberRemovals.$inferSelect;
