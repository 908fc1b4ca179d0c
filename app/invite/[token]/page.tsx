import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDatabase } from "@/db/client";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { describeInvite, inviteStatusProblems, type InviteDescription } from "@/lib/data/team-invites";
import { JoinTeamForm } from "./join-team-form";

// no-referrer: the token in this page's URL must not travel to any link the page leads to.
export const metadata: Metadata = { title: "Team invite", referrer: "no-referrer" };

/**
 * The page an invite link opens. Anyone may see it: the token is the credential, and it shows only the team name
 * and the invited address.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  const viewer = user ? { userId: user.id, email: user.email } : undefined;
  const invite = await describeInvite(getDatabase(), token, viewer);

  // A 404, not a page that answers 200: the link leads nowhere (app/not-found.tsx says what to check).
  if (!invite) notFound();
  const canJoin = invite.status === "valid" && !invite.viewer?.alreadyMember;
  return (
    <InviteLayout title={canJoin ? `Join ${invite.teamName}` : `Invite to ${invite.teamName}`}>
      <InviteBody invite={invite} user={user} token={token} />
    </InviteLayout>
  );
}

function InviteBody({ invite, user, token }: { invite: InviteDescription; user: SignedInUser | null; token: string }) {
  if (invite.viewer?.alreadyMember) {
    return (
      <Notice>
        You are already a member of {invite.teamName}.{" "}
        {invite.viewer.teamSlug ? (
          <Link href={`/teams/${invite.viewer.teamSlug}`} className="text-leaf-700 dark:text-leaf-300 underline">
            Go to the team
          </Link>
        ) : null}
      </Notice>
    );
  }
  // Before the link's own status: a removal also revokes the link, and the removed person should hear why.
  if (invite.viewer?.removedSinceCreated) {
    return (
      <Notice>
        You were removed from {invite.teamName}, so this link no longer works for you. Ask the owner for a new invite.
      </Notice>
    );
  }
  if (invite.status !== "valid") return <Notice>{inviteStatusProblems[invite.status].message}</Notice>;

  const addressedTo = invite.email ? (
    <p className="text-stone-700 dark:text-stone-300">
      This invite is for <strong>{invite.email}</strong>.
    </p>
  ) : (
    <p className="text-stone-700 dark:text-stone-300">You have been invited to join this team on Joulebench.</p>
  );
  if (!user) {
    const callbackUrl = encodeURIComponent(`/invite/${token}`);
    return (
      <>
        {addressedTo}
        <div className="flex flex-wrap gap-3">
          <Link
            href={`/signin?callbackUrl=${callbackUrl}`}
            className="rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700"
          >
            Sign in to join
          </Link>
          <Link
            href={`/signup?callbackUrl=${callbackUrl}`}
            className="rounded border border-stone-300 dark:border-stone-600 bg-white dark:bg-stone-900 px-4 py-2 font-medium hover:bg-stone-100 dark:hover:bg-stone-800"
          >
            Create an account
          </Link>
        </div>
      </>
    );
  }
  if (invite.viewer?.wrongRecipient) {
    return (
      <Notice>
        This invite was sent to {invite.email}, but you are signed in as {user.email ?? "an account without an email"}.
        Sign out and sign in with that address to join.{" "}
        <Link href="/account" className="text-leaf-700 dark:text-leaf-300 underline">
          Your account
        </Link>
      </Notice>
    );
  }
  if (invite.viewer?.mustVerifyEmail) {
    return (
      <>
        {addressedTo}
        <Notice>
          Verify your email address first: open the link we emailed you when you signed up, or send a new one from{" "}
          <Link href="/account" className="text-leaf-700 dark:text-leaf-300 underline">
            your account page
          </Link>
          . Then come back to this page to join.
        </Notice>
      </>
    );
  }
  return (
    <>
      {addressedTo}
      <JoinTeamForm token={token} />
    </>
  );
}

function InviteLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold">{title}</h1>
      {children}
    </section>
  );
}

function Notice({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded border border-amber-200 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100"
      data-testid="invite-notice"
    >
      {children}
    </p>
  );
}
