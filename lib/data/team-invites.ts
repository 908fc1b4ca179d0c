/**
 * Team invites. An invite is a random token in a link; only its sha256 is stored, so neither a database leak
 * nor an owner can recover a link after it was shown once.
 *
 * Two kinds:
 * - Addressed to one email: single use. Only a user with that email (case-insensitive) may accept it, and
 *   accepting marks it used with `UPDATE ... WHERE used_at IS NULL RETURNING`, so of two requests racing for
 *   it exactly one wins.
 * - Open link (email null): anyone with the link may join until it expires or is revoked, so that an owner can
 *   paste one link into a team chat. It never gets `used_at`/`used_by` (those describe one acceptance); who
 *   joined and when is in team_memberships.
 *
 * Expiry is judged by the database clock (`now()`), the same clock that wrote `expires_at`.
 *
 * Two more rules from the security review:
 * - an addressed invite needs a verified address (./email-verification.ts): anyone can sign up with someone
 *   else's address, and would otherwise take the seat meant for its owner;
 * - a member removed by the owner cannot use any link created before the removal (team_member_removals); a new
 *   invite made after it works as usual.
 * And one of fair play: nobody joins a team that has entered a competition they have entered with another team
 * (./one-team-per-person.ts).
 */
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, gte, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { teamInvites, teamMemberRemovals, teamMemberships, teams, users } from "../../db/schema";
import { AppError, type AppErrorCode } from "../errors";
import { refuseJoiningSecondRegisteredTeam } from "./one-team-per-person";
import { requireTeamOwner, roleOf, teamNotFound } from "./teams";
import { parseInput } from "../validation/parse-input";

export type InviteStatus = "valid" | "expired" | "used" | "revoked";

export interface CreatedInvite {
  inviteId: string;
  /** The secret; shown to the owner once, never stored. */
  token: string;
  /** `/invite/<token>`; prefix it with siteUrl() for a link. */
  path: string;
  email: string | null;
  teamName: string;
  expiresAt: Date;
}

export interface InviteDescription {
  teamName: string;
  email: string | null;
  status: InviteStatus;
  expiresAt: Date;
  /** Present when a signed-in viewer was given: what would happen if they tried to join. */
  viewer?: {
    alreadyMember: boolean;
    wrongRecipient: boolean;
    teamSlug: string | null;
    /** An addressed invite, and the viewer's address is not verified yet. */
    mustVerifyEmail: boolean;
    /** The viewer was removed from the team after this link was made. */
    removedSinceCreated: boolean;
  };
}

export interface PendingInvite {
  id: string;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
}

// A week: long enough to survive a weekend, short enough that a forgotten link stops working.
const INVITE_LIFETIME = sql`now() + interval '7 days'`;
// 32 random bytes: as unguessable as a session token.
const TOKEN_BYTES = 32;

const createInviteSchema = z.object({
  email: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")).optional(),
  ),
});

export async function createInvite(
  db: Database,
  actorUserId: string,
  teamId: string,
  input: { email?: string | null },
): Promise<CreatedInvite> {
  const { email } = parseInput(createInviteSchema, { email: input.email ?? undefined });
  await requireTeamOwner(db, actorUserId, teamId);
  const [team] = await db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId));
  if (!team) throw teamNotFound();
  if (email && (await isMemberByEmail(db, teamId, email))) {
    throw new AppError("ALREADY_MEMBER", `${email} is already a member of ${team.name}.`);
  }
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const [invite] = await db
    .insert(teamInvites)
    .values({
      teamId,
      email: email ?? null,
      tokenHash: hashToken(token),
      createdBy: actorUserId,
      expiresAt: INVITE_LIFETIME,
    })
    .returning({ id: teamInvites.id, email: teamInvites.email, expiresAt: teamInvites.expiresAt });
  if (!invite) throw new Error("insert into team_invites returned no row");
  return {
    inviteId: invite.id,
    token,
    path: `/invite/${token}`,
    email: invite.email,
    teamName: team.name,
    expiresAt: invite.expiresAt,
  };
}

/**
 * What the invite page shows. Needs no sign-in: the token is the credential, and it reveals only the team's
 * name and the address the invite was sent to. Null when no invite has this token.
 */
export async function describeInvite(
  db: Database,
  token: string,
  viewer?: { userId: string; email: string | null },
): Promise<InviteDescription | null> {
  const invite = await findInvite(db, token);
  if (!invite) return null;
  const description: InviteDescription = {
    teamName: invite.teamName,
    email: invite.email,
    status: statusOf(invite),
    expiresAt: invite.expiresAt,
  };
  if (!viewer) return description;
  const alreadyMember = (await roleOf(db, invite.teamId, viewer.userId)) !== null;
  return {
    ...description,
    viewer: {
      alreadyMember,
      wrongRecipient: !isRecipient(invite.email, viewer.email),
      teamSlug: alreadyMember ? invite.teamSlug : null,
      mustVerifyEmail: invite.email !== null && !(await hasVerifiedEmail(db, viewer.userId)),
      removedSinceCreated: await removedSince(db, invite.teamId, viewer.userId, invite.createdAt),
    },
  };
}

/** Joins the team the invite is for. Returns the team so the caller can send the user to it. */
export async function acceptInvite(
  db: Database,
  userId: string,
  userEmail: string | null,
  token: string,
): Promise<{ teamId: string; teamSlug: string; teamName: string }> {
  return db.transaction(async (tx) => {
    const invite = await findInvite(tx, token);
    if (!invite) throw inviteNotFound();
    // FOR SHARE: waits for a concurrent team deletion (owner leaving, FOR UPDATE) but not for other acceptances.
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, invite.teamId)).for("share");
    if (!team) throw inviteNotFound();

    // Checked first: for someone already in the team (say, clicking their used invite again) it is the one
    // fact that matters.
    if (await roleOf(tx, invite.teamId, userId)) throw alreadyMember(invite.teamName);
    throwUnlessValid(statusOf(invite));
    if (!isRecipient(invite.email, userEmail)) {
      throw new AppError(
        "INVITE_WRONG_RECIPIENT",
        `This invite was sent to ${invite.email}. Sign in with that address to join ${invite.teamName}.`,
      );
    }
    if (invite.email && !(await hasVerifiedEmail(tx, userId))) {
      throw new AppError(
        "EMAIL_NOT_VERIFIED",
        `Verify your email address before joining ${invite.teamName}: open the link we sent you, or send a new one from your account page.`,
      );
    }
    if (await removedSince(tx, invite.teamId, userId, invite.createdAt)) throw removedFromTeam(invite.teamName);
    // After the invite's own checks, so that a dead link says so first; under the team's FOR SHARE lock above.
    await refuseJoiningSecondRegisteredTeam(tx, userId, invite.teamId);

    const stillOpen = and(
      eq(teamInvites.id, invite.id),
      isNull(teamInvites.revokedAt),
      gt(teamInvites.expiresAt, sql`now()`),
    );
    const claimed = invite.email
      ? await tx
          .update(teamInvites)
          .set({ usedAt: sql`now()`, usedBy: userId })
          .where(and(stillOpen, isNull(teamInvites.usedAt)))
          .returning({ id: teamInvites.id })
      : // An open link stays reusable; the share lock only keeps a concurrent revocation from slipping between
        // the checks above and the insert below.
        await tx.select({ id: teamInvites.id }).from(teamInvites).where(stillOpen).for("share");
    if (claimed.length === 0) {
      // Someone else's transaction changed the invite since we read it; report what it is now.
      const current = await findInvite(tx, token);
      throwUnlessValid(current ? statusOf(current) : "revoked");
      throw new Error("invite was claimable but could not be claimed");
    }

    // ON CONFLICT: the same user joining twice at once through an open link gets one membership and one error.
    const joined = await tx
      .insert(teamMemberships)
      .values({ teamId: invite.teamId, userId, role: "member" })
      .onConflictDoNothing()
      .returning({ userId: teamMemberships.userId });
    if (joined.length === 0) throw alreadyMember(invite.teamName);
    return { teamId: invite.teamId, teamSlug: invite.teamSlug, teamName: invite.teamName };
  });
}

/** Invites that could still be accepted, newest first. Owner only. */
export async function listInvites(db: Database, actorUserId: string, teamId: string): Promise<PendingInvite[]> {
  await requireTeamOwner(db, actorUserId, teamId);
  return db
    .select({
      id: teamInvites.id,
      email: teamInvites.email,
      createdAt: teamInvites.createdAt,
      expiresAt: teamInvites.expiresAt,
    })
    .from(teamInvites)
    .where(
      and(
        eq(teamInvites.teamId, teamId),
        isNull(teamInvites.revokedAt),
        isNull(teamInvites.usedAt),
        gt(teamInvites.expiresAt, sql`now()`),
      ),
    )
    .orderBy(sql`${teamInvites.createdAt} desc`, asc(teamInvites.id));
}

/** Revokes an invite so its link stops working. Owner of the invite's team only; revoking twice is harmless. */
export async function revokeInvite(db: Database, actorUserId: string, inviteId: string): Promise<void> {
  const [invite] = await db
    .select({ teamId: teamInvites.teamId })
    .from(teamInvites)
    .where(eq(teamInvites.id, inviteId));
  // Same answer as for a team the actor cannot see, so invite ids reveal nothing.
  if (!invite) throw teamNotFound();
  await requireTeamOwner(db, actorUserId, invite.teamId);
  await db
    .update(teamInvites)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(teamInvites.id, inviteId), isNull(teamInvites.revokedAt)));
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function findInvite(db: DatabaseOrTransaction, token: string) {
  const [invite] = await db
    .select({
      id: teamInvites.id,
      teamId: teamInvites.teamId,
      teamSlug: teams.slug,
      teamName: teams.name,
      email: teamInvites.email,
      createdAt: teamInvites.createdAt,
      expiresAt: teamInvites.expiresAt,
      expired: sql<boolean>`${teamInvites.expiresAt} <= now()`,
      usedAt: teamInvites.usedAt,
      revokedAt: teamInvites.revokedAt,
    })
    .from(teamInvites)
    .innerJoin(teams, eq(teams.id, teamInvites.teamId))
    .where(eq(teamInvites.tokenHash, hashToken(token)));
  return invite;
}

function statusOf(invite: { revokedAt: Date | null; usedAt: Date | null; expired: boolean }): InviteStatus {
  if (invite.revokedAt) return "revoked";
  if (invite.usedAt) return "used";
  if (invite.expired) return "expired";
  return "valid";
}

/** Why an invite cannot be accepted, in words for the invite page and the join action alike. */
export const inviteStatusProblems = {
  revoked: { code: "INVITE_REVOKED", message: "This invite was revoked. Ask the team owner for a new one." },
  used: { code: "INVITE_USED", message: "This invite has already been used. Ask the team owner for a new one." },
  expired: { code: "INVITE_EXPIRED", message: "This invite has expired. Ask the team owner for a new one." },
} as const satisfies Record<Exclude<InviteStatus, "valid">, { code: AppErrorCode; message: string }>;

function throwUnlessValid(status: InviteStatus): void {
  if (status === "valid") return;
  const { code, message } = inviteStatusProblems[status];
  throw new AppError(code, message);
}

function isRecipient(inviteEmail: string | null, userEmail: string | null): boolean {
  if (inviteEmail === null) return true;
  return userEmail !== null && userEmail.trim().toLowerCase() === inviteEmail.toLowerCase();
}

async function isMemberByEmail(db: Database, teamId: string, email: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: teamMemberships.userId })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(and(eq(teamMemberships.teamId, teamId), sql`lower(${users.email}) = ${email}`));
  return row !== undefined;
}

async function hasVerifiedEmail(db: DatabaseOrTransaction, userId: string): Promise<boolean> {
  const [user] = await db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
  return Boolean(user?.verified);
}

/** Whether the owner removed this user from the team at or after `since` (when a link was made). */
async function removedSince(db: DatabaseOrTransaction, teamId: string, userId: string, since: Date): Promise<boolean> {
  const [removal] = await db
    .select({ removedAt: teamMemberRemovals.removedAt })
    .from(teamMemberRemovals)
    .where(
      and(
        eq(teamMemberRemovals.teamId, teamId),
        eq(teamMemberRemovals.userId, userId),
        gte(teamMemberRemovals.removedAt, since),
      ),
    );
  return removal !== undefined;
}

export function removedFromTeam(teamName: string): AppError {
  return new AppError(
    "REMOVED_FROM_TEAM",
    `You were removed from ${teamName}, so invite links made before that no longer work for you. Ask the owner for a new invite.`,
  );
}

function alreadyMember(teamName: string): AppError {
  return new AppError("ALREADY_MEMBER", `You are already a member of ${teamName}.`);
}

function inviteNotFound(): AppError {
  return new AppError("NOT_FOUND", "This invite link is not valid. Check that you copied all of it.");
}
