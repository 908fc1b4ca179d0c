/**
 * What a member's removal does to the team's invites. The removal record (team_member_removals) stops the removed
 * account from using older links, but a person is not an account: a fresh sign-up, verified or not, would walk
 * back in through an open link they kept, and an invite addressed to their mailbox would let any account with
 * that address in. So a removal revokes every open link still working (all were made before it) and every
 * pending invite addressed to the removed member's address. The owner makes a new link for those who stay.
 */
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { teamInvites, users } from "../../db/schema";
import type { DatabaseOrTransaction } from "../../db/client";

export interface RevokedOnRemoval {
  openLinks: number;
  addressedToRemoved: number;
}

/** Runs inside removeMember's transaction, after the membership row is gone. */
export async function revokeInvitesOnRemoval(
  tx: DatabaseOrTransaction,
  teamId: string,
  removedUserId: string,
): Promise<RevokedOnRemoval> {
  const [removed] = await tx.select({ email: users.email }).from(users).where(eq(users.id, removedUserId));
  const removedEmail = removed?.email?.trim().toLowerCase() ?? null;
  const stillWorking = and(
    eq(teamInvites.teamId, teamId),
    isNull(teamInvites.revokedAt),
    isNull(teamInvites.usedAt),
    gt(teamInvites.expiresAt, sql`now()`),
  );
  const revoked = await tx
    .update(teamInvites)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        stillWorking,
        or(
          isNull(teamInvites.email),
          removedEmail === null ? sql`false` : sql`lower(${teamInvites.email}) = ${removedEmail}`,
        ),
      ),
    )
    .returning({ email: teamInvites.email });
  return {
    openLinks: revoked.filter((invite) => invite.email === null).length,
    addressedToRemoved: revoked.filter((invite) => invite.email !== null).length,
  };
}
