import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getCompetition, listOrganizers } from "@/lib/data/competitions";
import { isSiteAdmin } from "@/lib/data/site-admins";
import { listTaskChoices } from "@/lib/data/tasks";
import { isAppError } from "@/lib/errors";
import { ZipUploadForm } from "../zip-upload-form";
import { OrganizersSection } from "./organizers-section";
import { PhasesSection } from "./phases-section";
import { SettingsSection } from "./settings-section";
import { TracksSection } from "./tracks-section";
import { MultiTaskTrackSection } from "./multi-task-track-section";

export const metadata: Metadata = { title: "Organize a competition" };
export const dynamic = "force-dynamic";

export default async function OrganizeCompetitionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(`/organize/${slug}`);
  const db = getDatabase();
  const competition = await getCompetition(db, user.id, slug).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  // Visible but not theirs (a public competition): the organizer tools do not exist for them.
  if (!competition.canManage) notFound();
  const [organizers, taskChoices, admin] = await Promise.all([
    listOrganizers(db, user.id, competition.id),
    listTaskChoices(db, user.id, competition.id),
    isSiteAdmin(db, user.id),
  ]);
  return (
    <section className="space-y-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{competition.title}</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {competition.status} · {competition.visibility} ·{" "}
          <Link href={`/competitions/${competition.slug}`} className="text-leaf-700 dark:text-leaf-300 underline">
            public page
          </Link>{" "}
          ·{" "}
          <a
            href={`/organize/${competition.slug}/export`}
            className="text-leaf-700 dark:text-leaf-300 underline"
            data-testid="export-link"
          >
            export as a file
          </a>
        </p>
      </div>
      <SettingsSection competition={competition} />
      <TracksSection competition={competition} taskChoices={taskChoices} />
      <MultiTaskTrackSection competition={competition} taskChoices={taskChoices} />
      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Upload a task</h2>
        <ZipUploadForm
          endpoint={`/organize/${competition.slug}/tasks`}
          label="Task (.zip)"
          hint="task.json (the format of the shipped tasks) at the top level, with every data file at the path its splits name. The test split's labels stay hidden: only runners read them. A public test set can be memorized: a competition that matters needs private test data, uploaded here, and can add a hidden audit split (splits.audit: label-preserving rewrites and the largest score drop allowed, maxScoreGap)."
          submitLabel="Upload task"
          testId="upload-task"
        />
      </div>
      <PhasesSection competition={competition} />
      <OrganizersSection
        competitionId={competition.id}
        slug={competition.slug}
        organizers={organizers}
        canEdit={admin}
      />
    </section>
  );
}
