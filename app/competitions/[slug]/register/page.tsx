import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getCompetition } from "@/lib/data/competitions";
import { listMyTeamsForCompetition } from "@/lib/data/registrations";
import { isAppError } from "@/lib/errors";
import { SafeMarkdown } from "@/lib/markdown/safe-markdown";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Register" };

export default async function RegisterPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/competitions/${slug}/register`);
  const db = getDatabase();
  const competition = await getCompetition(db, user.id, slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const teams = await listMyTeamsForCompetition(db, user.id, slug);
  const unregistered = teams.filter((team) => !team.registered);
  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Register for {competition.title}</h1>
        <p className="text-sm text-stone-700 dark:text-stone-300">
          A team enters by accepting the rules; then any of its members can submit.
        </p>
      </div>
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Rules</h2>
        <SafeMarkdown
          source={competition.rulesMarkdown || "The organizers have written no rules beyond the site's."}
          className="prose prose-stone max-w-none dark:prose-invert prose-a:text-leaf-700 dark:prose-a:text-leaf-300"
        />
      </div>
      {teams.some((team) => team.registered) ? (
        <p className="text-sm">
          Registered already:{" "}
          {teams
            .filter((team) => team.registered)
            .map((team) => team.teamName)
            .join(", ")}
          .{" "}
          <Link href={`/competitions/${slug}/submit`} className="underline">
            Submit a model
          </Link>
        </p>
      ) : null}
      {competition.status !== "open" ? (
        <p role="status">This competition is {competition.status}: teams can register only while it is open.</p>
      ) : teams.length === 0 ? (
        <p>
          You are in no team yet.{" "}
          <Link href="/teams" className="underline">
            Create a team
          </Link>{" "}
          first, then come back.
        </p>
      ) : unregistered.length > 0 ? (
        <RegisterForm slug={slug} teams={unregistered} />
      ) : null}
    </section>
  );
}
