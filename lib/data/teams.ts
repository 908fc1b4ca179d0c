/**
 * Teams and their memberships. Every function takes the acting user's id and checks what that user may do, so
 * no caller can forget an authorization check.
 *
 * Locking: every change to who is in a team, or who owns it, first takes `SELECT ... FOR UPDATE` on the team's
 * row. That row is the team's mutex: two concurrent ownership transfers, or an owner leaving while another
 * request removes a member, run one after the other, and the second re-reads the memberships (READ COMMITTED
 * gives every statement a fresh snapshot) and sees what the first one did. Accepting an invite takes the
 * weaker FOR SHARE on the same row (see ./team-invites.ts), so it waits for a team deletion but not for
 * other acceptances.
 */
import { and, asc, eq, like, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { teamMemberRemovals, teamMemberships, teams, users, type TeamRole } from "../../db/schema";
import { AppError } from "../errors";
import { reservedNameImitated } from "../teams/reserved-team-names";
import { parseInput } from "../validation/parse-input";
import { visibleNameSchema } from "../validation/visible-name";
import { revokeInvitesOnRemoval } from "./invite-revocation";

export interface TeamSummary {
  id: string;
  slug: string;
  name: string;
  role: TeamRole;
  joinedAt: Date;
}

export interface TeamMember {
  userId: string;
  name: string | null;
  email: string | null;
  role: TeamRole;
  joinedAt: Date;
}

export interface TeamDetails {
  id: string;
  slug: string;
  name: string;
  myRole: TeamRole;
  members: TeamMember[];
}

// Shown on leaderboards, so it must display as what it is (../validation/visible-name.ts).
const teamNameSchema = visibleNameSchema({
  min: 2,
  max: 60,
  tooShort: "A team name needs at least 2 characters.",
  tooLong: "A team name can have at most 60 characters.",
});

// What slugify() produces; anything else in a URL cannot be a team (and a NUL byte would not even reach SQL).
const SLUG_SHAPE = /^[a-z0-9-]{1,60}$/;

export const teamInputSchema = z.object({ name: teamNameSchema });

const MAX_SLUG_LENGTH = 40;
// Attempts at a free slug when concurrent creations race for the same one (see createTeam).
const SLUG_ATTEMPTS = 5;

/**
 * `asSite` is for the site's own teams only (the demo's baselines team, tools/demo/seed-demo.ts), which may bear
 * a reserved name; nothing a user sends reaches it.
 */
export async function createTeam(
  db: Database,
  actorUserId: string,
  input: { name: string },
  options: { asSite?: boolean } = {},
): Promise<TeamSummary> {
  const { name } = parseInput(teamInputSchema, input);
  if (!options.asSite) refuseReservedName(name);
  const base = slugify(name);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(async (tx) => {
        const slug = await freeSlug(tx, base);
        const [team] = await tx.insert(teams).values({ slug, name }).returning();
        if (!team) throw new Error("insert into teams returned no row");
        const [membership] = await tx
          .insert(teamMemberships)
          .values({ teamId: team.id, userId: actorUserId, role: "owner" })
          .returning();
        if (!membership) throw new Error("insert into team_memberships returned no row");
        return { id: team.id, slug: team.slug, name: team.name, role: membership.role, joinedAt: membership.joinedAt };
      });
    } catch (error) {
      // Two teams with the same name created at the same moment both see the same free slug; the loser of the
      // unique index retries with a fresh look at what is taken.
      if (attempt < SLUG_ATTEMPTS && isUniqueViolation(error, "teams_slug_unique")) continue;
      throw nameTakenOr(error, name);
    }
  }
}

export async function listMyTeams(db: Database, actorUserId: string): Promise<TeamSummary[]> {
  return db
    .select({
      id: teams.id,
      slug: teams.slug,
      name: teams.name,
      role: teamMemberships.role,
      joinedAt: teamMemberships.joinedAt,
    })
    .from(teamMemberships)
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .where(eq(teamMemberships.userId, actorUserId))
    .orderBy(asc(teams.name), asc(teams.slug));
}

/** A team with its member list, for its members only: anyone else gets NOT_FOUND, as if it did not exist. */
export async function getTeamForMember(db: Database, actorUserId: string, slug: string): Promise<TeamDetails> {
  if (!SLUG_SHAPE.test(slug)) throw teamNotFound();
  const [row] = await db
    .select({ id: teams.id, slug: teams.slug, name: teams.name, myRole: teamMemberships.role })
    .from(teams)
    .innerJoin(teamMemberships, and(eq(teamMemberships.teamId, teams.id), eq(teamMemberships.userId, actorUserId)))
    .where(eq(teams.slug, slug));
  if (!row) throw teamNotFound();
  const members = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: teamMemberships.role,
      joinedAt: teamMemberships.joinedAt,
    })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(eq(teamMemberships.teamId, row.id))
    // Owner first, then in order of joining.
    .orderBy(sql`${teamMemberships.role} = 'owner' desc`, asc(teamMemberships.joinedAt), asc(users.email));
  return { ...row, members };
}

/**
 * The actor leaves the team. An owner with other members must hand the team over first; a sole owner-member
 * leaving deletes the team (and, by cascade, its invites and submissions), since nobody could manage it.
 */
export async function leaveTeam(db: Database, actorUserId: string, teamId: string): Promise<{ teamDeleted: boolean }> {
  return db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const role = await roleOf(tx, teamId, actorUserId);
    if (!role) throw teamNotFound();
    if (role === "owner") {
      const others = await tx
        .select({ userId: teamMemberships.userId })
        .from(teamMemberships)
        .where(and(eq(teamMemberships.teamId, teamId), ne(teamMemberships.userId, actorUserId)))
        .limit(1);
      if (others.length > 0) {
        throw new AppError("OWNER_CANNOT_LEAVE", "Transfer ownership first: a team with members needs an owner.");
      }
      await tx.delete(teams).where(eq(teams.id, teamId));
      return { teamDeleted: true };
    }
    await tx
      .delete(teamMemberships)
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, actorUserId)));
    return { teamDeleted: false };
  });
}

/** Hands the team to another member; the old owner stays on as a member. There is exactly one owner after. */
export async function transferOwnership(
  db: Database,
  actorUserId: string,
  teamId: string,
  newOwnerUserId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamOwner(tx, actorUserId, teamId);
    if (newOwnerUserId === actorUserId) throw new AppError("VALIDATION_FAILED", "You already own this team.");
    if (!(await roleOf(tx, teamId, newOwnerUserId))) throw memberNotFound();
    await tx
      .update(teamMemberships)
      .set({ role: "member" })
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, actorUserId)));
    await tx
      .update(teamMemberships)
      .set({ role: "owner" })
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, newOwnerUserId)));
  });
}

export async function removeMember(db: Database, actorUserId: string, teamId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    await requireTeamOwner(tx, actorUserId, teamId);
    if (userId === actorUserId) {
      throw new AppError("VALIDATION_FAILED", "To leave your own team, transfer ownership first, then leave.");
    }
    const removed = await tx
      .delete(teamMemberships)
      .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)))
      .returning({ userId: teamMemberships.userId });
    if (removed.length === 0) throw memberNotFound();
    // Remembered so that links made before now stop working for them (./team-invites.ts).
    await tx
      .insert(teamMemberRemovals)
      .values({ teamId, userId, removedBy: actorUserId })
      .onConflictDoUpdate({
        target: [teamMemberRemovals.teamId, teamMemberRemovals.userId],
        set: { removedAt: sql`now()`, removedBy: actorUserId },
      });
    // The removal record only stops the removed account; a fresh account of the same person would walk back in
    // through an open link it kept, or take an invite addressed to their mailbox. So those links end too.
    await revokeInvitesOnRemoval(tx, teamId, userId);
  });
}

/** Renames the team. The slug stays: it is in links people have shared and on leaderboards. */
export async function renameTeam(
  db: Database,
  actorUserId: string,
  teamId: string,
  input: { name: string },
): Promise<{ name: string }> {
  const { name } = parseInput(teamInputSchema, input);
  await requireTeamOwner(db, actorUserId, teamId);
  refuseReservedName(name);
  try {
    await db.update(teams).set({ name }).where(eq(teams.id, teamId));
  } catch (error) {
    throw nameTakenOr(error, name);
  }
  return { name };
}

/**
 * Throws unless the actor owns the team: NOT_FOUND for non-members (membership is private), FORBIDDEN for
 * members. Shared with ./team-invites.ts.
 */
export async function requireTeamOwner(db: DatabaseOrTransaction, actorUserId: string, teamId: string): Promise<void> {
  const role = await roleOf(db, teamId, actorUserId);
  if (!role) throw teamNotFound();
  if (role !== "owner") throw new AppError("FORBIDDEN", "Only the team owner can do this.");
}

export async function roleOf(db: DatabaseOrTransaction, teamId: string, userId: string): Promise<TeamRole | null> {
  const [row] = await db
    .select({ role: teamMemberships.role })
    .from(teamMemberships)
    .where(and(eq(teamMemberships.teamId, teamId), eq(teamMemberships.userId, userId)));
  return row?.role ?? null;
}

/** "Low Watt Labs!" → "low-watt-labs"; accents folded, anything else non-alphanumeric becomes a dash. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, "");
  // A name in a script we cannot transliterate still needs a URL.
  return slug || "team";
}

export function teamNotFound(): AppError {
  return new AppError("NOT_FOUND", "Team not found.");
}

async function lockTeam(tx: DatabaseOrTransaction, teamId: string): Promise<void> {
  const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).for("update");
  if (!team) throw teamNotFound();
}

/** `base`, or `base-2`, `base-3`, ... whichever is the first not taken. */
async function freeSlug(tx: DatabaseOrTransaction, base: string): Promise<string> {
  const taken = new Set(
    (
      await tx
        .select({ slug: teams.slug })
        .from(teams)
        // Slugs hold only [a-z0-9-], so `base` has no LIKE wildcards in it.
        .where(or(eq(teams.slug, base), like(teams.slug, `${base}-%`)))
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function refuseReservedName(name: string): void {
  const imitated = reservedNameImitated(name);
  if (!imitated) return;
  throw new AppError(
    "TEAM_NAME_RESERVED",
    `"${name}" is, or looks like, "${imitated}", a name the site uses for itself; choose another team name.`,
  );
}

/**
 * The unique index on teams.name_key (NFKC, case folded, computed by the database) is the one judge of a taken
 * name, so two teams renamed to the same name at once cannot both win.
 */
function nameTakenOr(error: unknown, name: string): unknown {
  if (!isUniqueViolation(error, "teams_name_key_idx")) return error;
  return new AppError(
    "TEAM_NAME_TAKEN",
    `Another team is already called "${name}" (team names are compared ignoring case and width); choose another name.`,
  );
}

function memberNotFound(): AppError {
  return new AppError("NOT_FOUND", "That person is not a member of this team.");
}

/** drizzle wraps driver errors (DrizzleQueryError), so the PostgreSQL code may sit on the error or its cause. */
function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const pgError = current as Error & { code?: string; constraint_name?: string };
    if (pgError.code === "23505" && pgError.constraint_name === constraint) return true;
  }
  return false;
}
