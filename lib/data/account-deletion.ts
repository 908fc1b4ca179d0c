/**
 * Deleting an account, and what happens to its teams:
 * - a team where the user is the only member is deleted with it (its invites and submissions too), as when the
 *   last member leaves (./teams.ts leaveTeam);
 * - a team the user owns that has other members blocks the deletion: the owner must first make another member
 *   the owner, so no team is left without one;
 * - memberships in other teams end; submissions the user made for those teams stay with the team, without a
 *   submitter (submissions.submitted_by is ON DELETE SET NULL).
 * Sessions, linked GitHub accounts, API tokens and one-time links go with the user (ON DELETE CASCADE).
 */
import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { teamMemberships, teams, users } from "../../db/schema";
import { verifyPassword } from "../auth/password-hash";
import { AppError } from "../errors";
import { throttlePasswordCheck } from "./password-check-throttle";

export interface AccountDeletionPlan {
  /** Teams deleted with the account: the user is their only member. */
  teamsDeleted: Array<{ slug: string; name: string }>;
  /** Teams the user owns together with others: ownership must move first. */
  teamsToHandOver: Array<{ slug: string; name: string }>;
  /** Teams the user just leaves. */
  teamsLeft: Array<{ slug: string; name: string }>;
}

export async function planAccountDeletion(db: DatabaseOrTransaction, userId: string): Promise<AccountDeletionPlan> {
  const rows = await db
    .select({
      slug: teams.slug,
      name: teams.name,
      role: teamMemberships.role,
      others: sql<number>`(select count(*) from ${teamMemberships} other
        where other.team_id = ${teams.id} and other.user_id <> ${userId})`.mapWith(Number),
    })
    .from(teamMemberships)
    .innerJoin(teams, eq(teams.id, teamMemberships.teamId))
    .where(eq(teamMemberships.userId, userId))
    .orderBy(teams.name);
  const plan: AccountDeletionPlan = { teamsDeleted: [], teamsToHandOver: [], teamsLeft: [] };
  for (const { slug, name, role, others } of rows) {
    if (others === 0) plan.teamsDeleted.push({ slug, name });
    else if (role === "owner") plan.teamsToHandOver.push({ slug, name });
    else plan.teamsLeft.push({ slug, name });
  }
  return plan;
}

/**
 * Deletes the account after the user confirmed it: by typing their email address, and their password when the
 * account has one. Throws CONFLICT naming the teams to hand over first.
 */
export async function deleteAccount(
  db: Database,
  userId: string,
  confirmation: { email: string; password: string; clientAddress: string },
): Promise<AccountDeletionPlan> {
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw new AppError("NOT_FOUND", "This account no longer exists.");
  if ((user.email ?? "").toLowerCase() !== confirmation.email.trim().toLowerCase()) {
    throw new AppError("VALIDATION_FAILED", "Type your email address exactly as shown to confirm.");
  }
  if (user.passwordHash) {
    // The same counters as sign-in: a stolen session must not become unlimited password guessing here.
    await throttlePasswordCheck(db, user.email ?? userId, confirmation.clientAddress);
    if (!(await verifyPassword(user.passwordHash, confirmation.password))) {
      throw new AppError("INVALID_CREDENTIALS", "Your password is not right. Type it again to confirm.");
    }
  }
  return db.transaction(async (tx) => {
    // Lock the user's teams (the same mutex as every membership change in ./teams.ts) before deciding.
    const myTeams = await tx
      .select({ id: teams.id })
      .from(teams)
      .innerJoin(teamMemberships, eq(teamMemberships.teamId, teams.id))
      .where(eq(teamMemberships.userId, userId))
      .for("update", { of: teams });
    const plan = await planAccountDeletion(tx, userId);
    if (plan.teamsToHandOver.length > 0) {
      const names = plan.teamsToHandOver.map((team) => team.name).join(", ");
      throw new AppError("CONFLICT", `Make another member the owner of ${names} first, then delete your account.`);
    }
    const sharedTeamIds = myTeams.length
      ? (
          await tx
            .select({ teamId: teamMemberships.teamId })
            .from(teamMemberships)
            .where(
              and(
                inArray(
                  teamMemberships.teamId,
                  myTeams.map((team) => team.id),
                ),
                ne(teamMemberships.userId, userId),
              ),
            )
        ).map((row) => row.teamId)
      : [];
    const deletable = myTeams.map((team) => team.id).filter((id) => !sharedTeamIds.includes(id));
    if (deletable.length > 0) await tx.delete(teams).where(inArray(teams.id, deletable));
    await tx.delete(users).where(eq(users.id, userId));
    return plan;
  });
}
