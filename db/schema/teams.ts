import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const teamRole = pgEnum("team_role", ["owner", "member"]);
export type TeamRole = (typeof teamRole.enumValues)[number];

export const teams = pgTable(
  "teams",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    // URL-safe, unique, shown on leaderboards.
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    /**
     * The name as compared for uniqueness: NFKC, then Unicode case folding, computed by the database itself so
     * that every writer (the site, scripts, a hand-written UPDATE) is held to the same unique index. On
     * PostgreSQL older than 18 the migration (0010) uses the closest fold that version has: see docs/security.md.
     */
    nameKey: text("name_key").notNull().generatedAlwaysAs(sql`casefold(normalize(name, NFKC) collate pg_unicode_fast)`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("teams_name_key_idx").on(t.nameKey)],
);
export type Team = typeof teams.$inferSelect;

export const teamMemberships = pgTable(
  "team_memberships",
  {
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: teamRole("role").notNull().default("member"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (m) => [primaryKey({ columns: [m.teamId, m.userId] }), index("team_memberships_user_idx").on(m.userId)],
);
export type TeamMembership = typeof teamMemberships.$inferSelect;

// An invite is either addressed to one email (only that user may accept it) or an open link (email null).
// Only the sha256 of its token is stored, so a database leak does not hand out team seats.
export const teamInvites = pgTable(
  "team_invites",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    teamId: text("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    email: text("email"),
    tokenHash: text("token_hash").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedBy: text("used_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (i) => [uniqueIndex("team_invites_token_hash_idx").on(i.tokenHash), index("team_invites_team_idx").on(i.teamId)],
);
export type TeamInvite = typeof teamInvites.$inferSelect;
