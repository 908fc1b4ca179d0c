import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { listInvites, type PendingInvite } from "@/lib/data/team-invites";
import { getTeamForMember, type TeamDetails } from "@/lib/data/teams";
import { isAppError } from "@/lib/errors";
import { ActionButton } from "./action-button";
import { leaveTeamAction, removeMemberAction, revokeInviteAction, transferOwnershipAction } from "./actions";
import { InvitePanel } from "./invite-panel";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/teams/${slug}`);
  const db = getDatabase();
  const team = await getTeamForMember(db, user.id, slug).catch((error: unknown) => {
    // Non-members get the same 404 as for a team that does not exist.
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const isOwner = team.myRole === "owner";
  const invites = isOwner ? await listInvites(db, user.id, team.id) : [];
  const alone = team.members.length === 1;

  return (
    <section className="space-y-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{team.name}</h1>
        <p className="text-sm text-stone-500">You are {isOwner ? "the owner" : "a member"} of this team.</p>
      </div>

      <MembersTable team={team} viewerId={user.id} />

      {isOwner ? (
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Invite people</h2>
          <InvitePanel teamId={team.id} />
          <PendingInvites invites={invites} />
        </div>
      ) : null}

      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Leave</h2>
        <p className="text-sm text-stone-600">
          {isOwner && alone
            ? "You are the only member: leaving deletes the team and its submissions."
            : isOwner
              ? "As the owner, make another member the owner before you leave."
              : "You can rejoin only with a new invite."}
        </p>
        <ActionButton action={leaveTeamAction} fields={{ teamId: team.id }} label="Leave team" variant="danger" />
      </div>
    </section>
  );
}

function MembersTable({ team, viewerId }: { team: TeamDetails; viewerId: string }) {
  const isOwner = team.myRole === "owner";
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Members</h2>
      <table className="w-full border-collapse rounded border border-stone-200 bg-white text-sm" aria-label="Members">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th className="px-4 py-2 font-medium">Member</th>
            <th className="px-4 py-2 font-medium">Role</th>
            <th className="px-4 py-2 font-medium">Joined</th>
            {isOwner ? <th className="px-4 py-2 font-medium">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {team.members.map((member) => (
            <tr key={member.userId} className="border-t border-stone-200 align-top" data-testid="member-row">
              <td className="px-4 py-2">
                <div className="font-medium">{member.name ?? "—"}</div>
                <div className="text-stone-500">{member.email}</div>
              </td>
              <td className="px-4 py-2">{member.role === "owner" ? "Owner" : "Member"}</td>
              <td className="px-4 py-2">
                <time dateTime={member.joinedAt.toISOString()}>{member.joinedAt.toISOString().slice(0, 10)}</time>
              </td>
              {isOwner ? (
                <td className="px-4 py-2">
                  {member.userId === viewerId ? null : (
                    <div className="flex flex-wrap gap-2">
                      <ActionButton
                        action={transferOwnershipAction}
                        fields={{ teamId: team.id, userId: member.userId }}
                        label="Make owner"
                      />
                      <ActionButton
                        action={removeMemberAction}
                        fields={{ teamId: team.id, userId: member.userId }}
                        label="Remove"
                        variant="danger"
                      />
                    </div>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PendingInvites({ invites }: { invites: PendingInvite[] }) {
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">Pending invites</h3>
      {invites.length === 0 ? (
        <p className="text-sm text-stone-500">No pending invites.</p>
      ) : (
        <ul
          className="divide-y divide-stone-200 rounded border border-stone-200 bg-white text-sm"
          aria-label="Pending invites"
        >
          {invites.map((invite) => (
            <li
              key={invite.id}
              className="flex items-center justify-between gap-4 px-4 py-2"
              data-testid="pending-invite"
            >
              <span>
                {invite.email ?? "Open link"}
                <span className="ml-2 text-stone-500">
                  expires {invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                </span>
              </span>
              <ActionButton action={revokeInviteAction} fields={{ inviteId: invite.id }} label="Revoke" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
