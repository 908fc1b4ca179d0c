import type { Metadata } from "next";
import Link from "next/link";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { planAccountDeletion, type AccountDeletionPlan } from "@/lib/data/account-deletion";
import { revokedApiTokensOfUser } from "@/lib/data/api-tokens";
import { listMyTeams } from "@/lib/data/teams";
import { getUserProfile } from "@/lib/data/users";
import { emailSignInEnabled } from "@/lib/env";
import { signOutAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";
import { RevokedTokenList } from "./revoked-token-list";
import { DeleteAccountForm } from "./delete-account-form";
import { DisplayNameForm } from "./display-name-form";
import { EvaluationEmailsForm } from "./evaluation-emails-form";
import { VerificationPanel } from "./verification-panel";

export const metadata: Metadata = { title: "Your account" };

const providerNames: Record<string, string> = { github: "GitHub", nodemailer: "Email link" };
const sectionClassName =
  "space-y-3 rounded border border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900 p-4";

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser("/account");
  const db = getDatabase();
  const profile = await getUserProfile(db, user.id);
  const plan = await planAccountDeletion(db, user.id);
  const myTeams = await listMyTeams(db, user.id);
  const query = await searchParams;
  const passwordWasReset = query.password === "reset";
  const revokedTokens = passwordWasReset ? await revokedApiTokensOfUser(db, user.id, [query.revoked ?? []].flat()) : [];
  const methods = [
    { name: "Password", detail: profile.hasPassword ? "Set" : "Not set" },
    ...(emailSignInEnabled() && profile.email ? [{ name: "Email link", detail: `Sent to ${profile.email}` }] : []),
    ...profile.linkedProviders
      .filter((provider) => provider !== "nodemailer")
      .map((provider) => ({ name: providerNames[provider] ?? provider, detail: "Linked" })),
  ];
  return (
    <section className="mx-auto max-w-xl space-y-8">
      <h1 className="text-2xl font-bold">Your account</h1>
      {passwordWasReset ? (
        <p
          role="status"
          className="rounded border border-leaf-600/30 dark:border-leaf-300/40 bg-leaf-50 dark:bg-leaf-900 px-3 py-2 text-sm"
        >
          Your new password is set, and every other device was signed out
          {revokedTokens.length > 0
            ? "; these API tokens were revoked (make new ones on your team's tokens page):"
            : "."}
        </p>
      ) : null}
      {revokedTokens.length > 0 ? <RevokedTokenList tokens={revokedTokens} /> : null}

      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-stone-600 dark:text-stone-400">Email</dt>
        <dd data-testid="account-email" className="break-all">
          {profile.email ?? "No email address"}
        </dd>
        <dt className="text-stone-600 dark:text-stone-400">Verified</dt>
        <dd data-testid="email-verified">{profile.emailVerified ? "Yes" : "Not yet"}</dd>
        <dt className="text-stone-600 dark:text-stone-400">Member since</dt>
        <dd>{profile.createdAt.toISOString().slice(0, 10)}</dd>
      </dl>
      {profile.email && !profile.emailVerified ? <VerificationPanel canSendMail={emailSignInEnabled()} /> : null}

      <div className={sectionClassName}>
        <DisplayNameForm name={profile.name ?? ""} />
      </div>

      <div className={sectionClassName}>
        <EvaluationEmailsForm enabled={profile.evaluationEmails} hasEmail={profile.email !== null} />
      </div>

      <div className={sectionClassName} data-testid="account-teams">
        <h2 className="text-lg font-semibold">Teams and API tokens</h2>
        {myTeams.length === 0 ? (
          <p className="text-sm">
            You are in no team yet.{" "}
            <Link href="/teams" className="text-leaf-700 underline dark:text-leaf-300">
              Create or join one
            </Link>{" "}
            to submit.
          </p>
        ) : (
          <ul className="space-y-1 text-sm">
            {myTeams.map((team) => (
              <li key={team.id}>
                <Link href={`/teams/${team.slug}`} className="text-leaf-700 underline dark:text-leaf-300">
                  {team.name}
                </Link>
                {" · "}
                <Link href={`/teams/${team.slug}/tokens`} className="text-leaf-700 underline dark:text-leaf-300">
                  API tokens
                </Link>
                <span className="text-stone-600 dark:text-stone-400"> (for the CLI and the API)</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className={sectionClassName}>
        <h2 className="text-lg font-semibold">Password</h2>
        <ChangePasswordForm hasPassword={profile.hasPassword} />
      </div>

      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Sign-in methods</h2>
        <ul
          className="divide-y divide-stone-200 dark:divide-stone-700 rounded border border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900 text-sm"
          aria-label="Sign-in methods"
        >
          {methods.map((method) => (
            <li key={method.name} className="flex flex-wrap justify-between gap-2 px-4 py-2">
              <span>{method.name}</span>
              <span className="break-all text-stone-700 dark:text-stone-300">{method.detail}</span>
            </li>
          ))}
        </ul>
      </div>

      <form action={signOutAction}>
        <button
          type="submit"
          className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-4 py-2 font-medium hover:bg-stone-100 dark:hover:bg-stone-800"
        >
          Sign out
        </button>
      </form>

      <div className="space-y-3 rounded border border-red-300 dark:border-red-800 bg-white dark:bg-stone-900 p-4">
        <h2 className="text-lg font-semibold text-red-800 dark:text-red-300">Delete your account</h2>
        <DeletionConsequences plan={plan} />
        {plan.teamsToHandOver.length === 0 && profile.email ? (
          <DeleteAccountForm email={profile.email} hasPassword={profile.hasPassword} />
        ) : null}
      </div>
    </section>
  );
}

function TeamLinks({ teams }: { teams: AccountDeletionPlan["teamsDeleted"] }) {
  return (
    <ul className="list-disc pl-6">
      {teams.map((team) => (
        <li key={team.slug}>
          <Link href={`/teams/${team.slug}`} className="text-leaf-700 dark:text-leaf-300 underline">
            {team.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** What deleting loses, said before the button (lib/data/account-deletion.ts decides it). */
function DeletionConsequences({ plan }: { plan: AccountDeletionPlan }) {
  return (
    <div className="space-y-2 text-sm text-stone-800 dark:text-stone-200" data-testid="deletion-plan">
      <p>This cannot be undone. Your sessions, linked sign-ins and API tokens are deleted with the account.</p>
      {plan.teamsToHandOver.length > 0 ? (
        <>
          <p className="font-medium text-red-800 dark:text-red-300">
            You own teams that have other members. Make another member the owner of each first:
          </p>
          <TeamLinks teams={plan.teamsToHandOver} />
        </>
      ) : null}
      {plan.teamsDeleted.length > 0 ? (
        <>
          <p>You are the only member of these teams, so they are deleted too, with their submissions:</p>
          <TeamLinks teams={plan.teamsDeleted} />
        </>
      ) : null}
      {plan.teamsLeft.length > 0 ? (
        <>
          <p>You leave these teams; submissions you made for them stay with the team:</p>
          <TeamLinks teams={plan.teamsLeft} />
        </>
      ) : null}
    </div>
  );
}
