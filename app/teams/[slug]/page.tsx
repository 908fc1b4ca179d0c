import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { cache } from "react";
import { currentUser, requireUser } from "@/lib/auth/session";
import { listInvites, type PendingInvite } from "@/lib/data/team-invites";
import { getTeamForMember, type TeamDetails } from "@/lib/data/teams";
import { isAppError } from "@/lib/errors";
import { ActionButton } from "./action-button";
import { leaveTeamAction, removeMemberAction, revokeInviteAction, transferOwnershipAction } from "./actions";
import { InvitePanel } from "./invite-panel";
import { RenameTeamForm } from "./rename-team-form";

// One lookup per request for the title and the page alike.
const teamFor = cache(async (userId: string, slug: string) =>
  getTeamForMember(getDatabase(), userId, slug).catch((error: unknown) => {
    // Non-members get the same 404 as for a team that does not exist.
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }),
);

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const user = await currentUser();
  if (!user) return { title: "Team" };
  const team = await teamFor(user.id, slug);
  return { title: `${team.name} · Team` };
}

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/teams/${slug}`);
  const db = getDatabase();
  const team = await teamFor(user.id, slug);
  const isOwner = team.myRole === "owner";
  const invites = isOwner ? await listInvites(db, user.id, team.id) : [];
  const alone = team.members.length === 1;

  return (
    <section className="space-y-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{team.name}</h1>
        <p className="text-sm text-stone-700 dark:text-stone-300">
          You are {isOwner ? "the owner" : "a member"} of this team.
        </p>
        <p className="text-sm">
          <Link
            href={`/teams/${team.slug}/tokens`}
            className="text-leaf-700 underline dark:text-leaf-300"
            data-testid="team-tokens-link"
          >
            API tokens
          </Link>{" "}
          <span className="text-stone-600 dark:text-stone-400">for submitting from the command line or a script.</span>
        </p>
      </div>

      {isOwner ? (
        <div className="space-y-2">
          <h2 className="text-lg font-semibold">Team name</h2>
          <RenameTeamForm teamId={team.id} name={team.name} />
        </div>
      ) : null}

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
        <p className="text-sm text-stone-700 dark:text-stone-300">
          {isOwner && alone
            ? "You are the only member: leaving deletes the team and its submissions."
            : isOwner
              ? "As the owner, make another member the owner before you leave."
              : "You can rejoin only with a new invite."}
        </p>
        <ActionButton
          action={leaveTeamAction}
          fields={{ teamId: team.id }}
          label="Leave team"
          variant="danger"
          confirmation={
            isOwner && alone
              ? {
                  message: `You are the last member: leaving deletes ${team.name} with all its submissions, results and invites. This cannot be undone.`,
                  confirmLabel: `Leave and delete ${team.name}`,
                }
              : {
                  message: `You will lose access to ${team.name} and its submissions. You can rejoin only with a new invite.`,
                  confirmLabel: "Leave the team",
                }
          }
        />
      </div>
    </section>
  );
}

function MembersTable({ team, viewerId }: { team: TeamDetails; viewerId: string }) {
  const isOwner = team.myRole === "owner";
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Members</h2>
      <div
        className="table-scroll rounded border border-stone-200 dark:border-stone-700"
        tabIndex={0}
        role="region"
        aria-label="Members table"
      >
        <table className="w-full border-collapse bg-white dark:bg-stone-900 text-sm" aria-label="Members">
          <thead className="bg-stone-100 dark:bg-stone-800 text-left text-stone-700 dark:text-stone-300">
            <tr>
              <th className="px-4 py-2 font-medium">Member</th>
              <th className="px-4 py-2 font-medium">Role</th>
              <th className="px-4 py-2 font-medium">Joined</th>
              {isOwner ? <th className="px-4 py-2 font-medium">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {team.members.map((member) => (
              <tr
                key={member.userId}
                className="border-t border-stone-200 dark:border-stone-700 align-top"
                data-testid="member-row"
              >
                <td className="px-4 py-2">
                  <div className="font-medium [overflow-wrap:anywhere]">{member.name ?? "—"}</div>
                  <div className="text-stone-700 dark:text-stone-300 [overflow-wrap:anywhere]">{member.email}</div>
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
                          confirmation={{
                            message: `${memberLabel(member)} becomes the owner of ${team.name}. You stay as a member and can no longer invite, remove or rename: only the new owner can give ownership back.`,
                            confirmLabel: "Hand over ownership",
                          }}
                        />
                        <ActionButton
                          action={removeMemberAction}
                          fields={{ teamId: team.id, userId: member.userId }}
                          label="Remove"
                          variant="danger"
                          confirmation={{
                            message: `${memberLabel(member)} loses access to ${team.name}. Every open invite link of the team and any invite sent to their address stop working (make a new link for the others). Their past submissions stay with the team.`,
                            confirmLabel: `Remove ${memberLabel(member)}`,
                          }}
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
    </div>
  );
}

function memberLabel(member: TeamDetails["members"][number]): string {
  return member.name ?? member.email ?? "This member";
}

function PendingInvites({ invites }: { invites: PendingInvite[] }) {
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">Pending invites</h3>
      {invites.length === 0 ? (
        <p className="text-sm text-stone-700 dark:text-stone-300">No pending invites.</p>
      ) : (
        <ul
          className="divide-y divide-stone-200 dark:divide-stone-700 rounded border border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900 text-sm"
          aria-label="Pending invites"
        >
          {invites.map((invite) => (
            <li
              key={invite.id}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2"
              data-testid="pending-invite"
            >
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {invite.email ?? "Open link (anyone with it can join)"}
                <span className="ml-2 text-stone-700 dark:text-stone-300">
                  made {invite.createdAt.toISOString().slice(0, 10)}, expires{" "}
                  {invite.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC
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
