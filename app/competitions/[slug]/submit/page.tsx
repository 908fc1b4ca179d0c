import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getCompetition } from "@/lib/data/competitions";
import { listMyTeamsForCompetition } from "@/lib/data/registrations";
import { currentPhase } from "@/lib/data/submissions";
import { liveRunnerServes } from "@/lib/data/runners";
import { formatPhaseEnd, isOpenEnded } from "@/lib/format/phase-dates";
import { isAppError } from "@/lib/errors";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Submit" };

export default async function SubmitPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/competitions/${slug}/submit`);
  const db = getDatabase();
  const competition = await getCompetition(db, user.id, slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const teams = (await listMyTeamsForCompetition(db, user.id, slug)).filter((team) => team.registered);
  const phase = await currentPhase(db, competition.id).then(
    (open) => ({ open, problem: null }),
    (error: unknown) => {
      if (isAppError(error)) return { open: null, problem: error.message };
      throw error;
    },
  );
  return (
    <section className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">Submit to {competition.title}</h1>
        {phase.open ? (
          <p className="text-sm text-stone-700 dark:text-stone-300">
            Phase “{phase.open.name}” is open
            {isOpenEnded(phase.open.endsAt, new Date())
              ? ", with no end date"
              : ` until ${formatPhaseEnd(phase.open.endsAt, new Date())}`}
            .
          </p>
        ) : null}
        <p className="text-sm text-stone-700 dark:text-stone-300">
          How to build a bundle:{" "}
          <Link href="/docs/submitting" className="text-leaf-700 underline dark:text-leaf-300">
            the submitting guide
          </Link>
          . Prefer the command line?{" "}
          <code>
            npx joulebench submit bundle.zip --competition {slug} --track{" "}
            {competition.tracks[0]?.hardwareProfileId ?? "<track>"}
          </code>{" "}
          (list the tracks with <code>npx joulebench tracks {slug}</code>) with a token from your team&apos;s{" "}
          {teams.length === 1 && teams[0] ? (
            <Link href={`/teams/${teams[0].teamSlug}/tokens`} className="text-leaf-700 underline dark:text-leaf-300">
              tokens page
            </Link>
          ) : (
            <Link href="/account" className="text-leaf-700 underline dark:text-leaf-300">
              tokens page (each team&apos;s, listed on your account)
            </Link>
          )}
          .
        </p>
      </div>
      {competition.status !== "open" || phase.problem ? (
        <p role="status">
          {competition.status !== "open"
            ? `This competition is ${competition.status}: it takes no submissions.`
            : phase.problem}
        </p>
      ) : teams.length === 0 ? (
        <p>
          None of your teams has registered yet.{" "}
          <Link href={`/competitions/${slug}/register`} className="underline">
            Register (accepting the rules)
          </Link>{" "}
          first.
        </p>
      ) : (
        <UploadForm
          slug={slug}
          maxBundleBytes={competition.maxBundleBytes}
          teams={teams}
          tracks={
            await Promise.all(
              competition.tracks.map(async (track) => ({
                id: track.id,
                title: track.title,
                // A multi-task track takes one bundle with a folder per task (docs/submitting.md).
                taskTitle: track.taskAggregate ? "multi-task: one bundle, a folder per task" : track.taskTitle,
                hardwareProfileId: track.hardwareProfileId,
                runnerOnline: await liveRunnerServes(db, track.hardwareProfileId),
              })),
            )
          }
        />
      )}
    </section>
  );
}
