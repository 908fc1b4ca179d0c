import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { boardPlacement } from "@/lib/data/submission-placement";
import { getSubmission } from "@/lib/data/submission-views";
import { formatBinaryBytes } from "@/lib/format/binary-bytes";
import { isAppError } from "@/lib/errors";
import { BoardPlacementPanel } from "./board-placement";
import { LiveSubmission } from "./live-submission";
import { serializeSubmission } from "./serialized";

export const metadata: Metadata = { title: "Submission" };
export const dynamic = "force-dynamic";

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/submissions/${id}`);
  const view = await getSubmission(getDatabase(), user.id, id).catch((error: unknown) => {
    // Another team's submission gets the answer a missing one gets.
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const disclosures = view.disclosures;
  const placement = await boardPlacement(getDatabase(), user.id, view);
  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{view.name}</h1>
        <p className="text-sm text-stone-700 dark:text-stone-300">
          {view.team.name} ·{" "}
          <Link href={`/competitions/${view.competition.slug}`} className="underline">
            {view.competition.title}
          </Link>{" "}
          · track {view.track.title} on {view.track.hardwareProfileId} · submitted{" "}
          {view.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
        </p>
        <p className="break-all font-mono text-xs text-stone-600 dark:text-stone-400">
          sha256 {view.sha256} · {formatBinaryBytes(view.sizeBytes)}
        </p>
      </div>
      {placement ? <BoardPlacementPanel placement={placement} /> : null}
      <LiveSubmission initial={serializeSubmission(view)} />
      {Object.keys(disclosures).length > 0 ? (
        <div className="space-y-1 text-sm">
          <h2 className="text-lg font-semibold">Show your work</h2>
          {disclosures.trainingGpuHours !== undefined ? (
            <p>
              Training: {disclosures.trainingGpuHours} GPU-hours
              {disclosures.trainingHardware ? ` on ${disclosures.trainingHardware}` : ""}
            </p>
          ) : null}
          {disclosures.trainingEnergyKwh !== undefined ? (
            <p>Training energy: {disclosures.trainingEnergyKwh} kWh</p>
          ) : null}
          {disclosures.methods?.length ? <p>Methods: {disclosures.methods.join(", ")}</p> : null}
          {disclosures.trials ? (
            <p>
              Hyperparameter search: {disclosures.trials.validationScores.length} trials, best validation score{" "}
              {Math.max(...disclosures.trials.validationScores)}
            </p>
          ) : null}
          {disclosures.codeUrl ? (
            <p>
              <a href={disclosures.codeUrl} rel="nofollow noopener" className="underline">
                Code
              </a>
            </p>
          ) : null}
          {disclosures.paperUrl ? (
            <p>
              <a href={disclosures.paperUrl} rel="nofollow noopener" className="underline">
                Paper
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
