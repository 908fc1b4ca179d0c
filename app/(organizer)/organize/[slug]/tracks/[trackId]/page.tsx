import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { rankingRule } from "@/db/schema";
import { requireUser } from "@/lib/auth/session";
import { listTrackSubmissionsForModeration } from "@/lib/data/moderation";
import { getTrack } from "@/lib/data/tracks";
import { trackTasksOf } from "@/lib/data/multi-task-tracks";
import { isAppError } from "@/lib/errors";
import { OrganizerForm } from "../../../organizer-form";
import { selectClassName, TextField } from "@/app/components/form-fields";
import { HARDWARE_PROFILES } from "@/lib/profiles/hardware-profiles";
import { RankedEnergyKindField } from "../../energy-kind-field";
import { updateTrackAction } from "../../setup-actions";
import { moderateAction, rerunSubmissionAction, rerunTrackAction } from "./actions";

const RANKING_RULES = rankingRule.enumValues;

export const metadata: Metadata = { title: "Moderate a track" };
export const dynamic = "force-dynamic";

export default async function ModerateTrackPage({ params }: { params: Promise<{ slug: string; trackId: string }> }) {
  const { slug, trackId } = await params;
  const user = await requireUser(`/organize/${slug}/tracks/${trackId}`);
  const db = getDatabase();
  const hidden = (error: unknown) => {
    if (isAppError(error) && ["NOT_FOUND", "FORBIDDEN"].includes(error.code)) notFound();
    throw error;
  };
  const track = await getTrack(db, user.id, trackId).catch(hidden);
  if (!track.canManage || track.competitionSlug !== slug) notFound();
  const submissions = await listTrackSubmissionsForModeration(db, user.id, trackId).catch(hidden);
  const benchmarkTasks = track.taskAggregate ? await trackTasksOf(db, trackId) : [];
  const ids = { slug, trackId };
  return (
    <section className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href={`/organize/${slug}`} className="text-leaf-700 dark:text-leaf-300 underline">
            ← {track.competitionTitle}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">{track.title}</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {benchmarkTasks.length > 0
            ? `multi-task (${benchmarkTasks.map((task) => `${task.slug}: ${task.metric} × ${task.weight}`).join(", ")})`
            : track.taskSlug}{" "}
          on {track.hardwareProfileId} · {track.rankingRule} on {track.qualityMetric} · ranks {track.rankedEnergyKind}{" "}
          energy
        </p>
      </div>
      <OrganizerForm
        action={updateTrackAction}
        submitLabel="Save track"
        testId="edit-track"
        className="max-w-xl space-y-3"
      >
        <Hidden fields={ids} />
        <TextField id="edit-track-title" name="title" label="Track title" defaultValue={track.title} required />
        <div className="space-y-1">
          <label htmlFor="edit-track-rule" className="block text-sm font-medium">
            Ranking rule
          </label>
          <select id="edit-track-rule" name="rankingRule" defaultValue={track.rankingRule} className={selectClassName}>
            {RANKING_RULES.map((rule) => (
              <option key={rule} value={rule}>
                {rule}
              </option>
            ))}
          </select>
        </div>
        {benchmarkTasks.length > 0 ? (
          <input type="hidden" name="qualityMetric" value={track.qualityMetric} />
        ) : (
          <TextField
            id="edit-track-metric"
            name="qualityMetric"
            label="Quality metric"
            defaultValue={track.qualityMetric}
            hint="One of the task's metrics."
          />
        )}
        <TextField
          id="edit-track-threshold"
          name="qualityThreshold"
          label="Quality threshold"
          inputMode="decimal"
          defaultValue={track.qualityThreshold === null ? "" : String(track.qualityThreshold)}
          hint="e.g. 0.85 or 85 (%); empty for none."
        />
        <RankedEnergyKindField
          id="edit-track-energy-kind"
          profiles={HARDWARE_PROFILES.filter((profile) => profile.id === track.hardwareProfileId)}
          defaultValue={track.rankedEnergyKind}
        />
      </OrganizerForm>
      <OrganizerForm action={rerunTrackAction} submitLabel="Re-run every submission of this track" testId="rerun-track">
        <Hidden fields={ids} />
        <p className="text-sm text-stone-600 dark:text-stone-400">
          After a runtime upgrade, say. Earlier results stay in each submission&apos;s history.
        </p>
      </OrganizerForm>
      {submissions.length === 0 ? (
        <p>No submissions yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Submissions table, scrolls sideways">
          <table className="w-full text-left text-sm" aria-label="Submissions">
            <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
              <tr>
                <th className="py-2">Submission</th>
                <th>Team</th>
                <th>State</th>
                <th>Evaluations</th>
                <th>Moderation</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((submission) => (
                <tr
                  key={submission.id}
                  className="border-b border-stone-200 dark:border-stone-700 align-top"
                  data-testid="moderation-row"
                >
                  <td className="py-2">
                    {submission.name}
                    <div className="font-mono text-xs text-stone-500 dark:text-stone-400">{submission.id}</div>
                  </td>
                  <td>{submission.teamName}</td>
                  <td>{submission.state}</td>
                  <td>
                    {submission.evaluationCount} (latest: {submission.latestEvaluationState ?? "—"})
                  </td>
                  <td className="space-y-1 text-xs">
                    {submission.isBaseline ? <div>Baseline</div> : null}
                    {submission.hidden ? <div>Hidden: {submission.hiddenReason}</div> : null}
                    {submission.disqualifiedReason ? <div>Disqualified: {submission.disqualifiedReason}</div> : null}
                  </td>
                  <td className="space-y-2 py-2">
                    <OrganizerForm action={rerunSubmissionAction} submitLabel="Re-run">
                      <Hidden fields={{ ...ids, submissionId: submission.id }} />
                    </OrganizerForm>
                    <OrganizerForm action={moderateAction} submitLabel="Apply">
                      <Hidden fields={{ ...ids, submissionId: submission.id }} />
                      <label className="block text-xs" htmlFor={`change-${submission.id}`}>
                        Change
                      </label>
                      <select
                        id={`change-${submission.id}`}
                        name="change"
                        className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-2 py-1 text-xs"
                      >
                        <option value="hide">Hide from leaderboards</option>
                        <option value="show">Show again</option>
                        <option value="disqualify">Disqualify</option>
                        <option value="reinstate">Reinstate</option>
                        <option value="baseline">Mark as baseline</option>
                        <option value="not-baseline">Not a baseline</option>
                      </select>
                      <label className="block text-xs" htmlFor={`reason-${submission.id}`}>
                        Reason the team will see
                      </label>
                      <input
                        id={`reason-${submission.id}`}
                        name="reason"
                        className="w-full rounded border border-stone-500 px-2 py-1 text-xs"
                      />
                    </OrganizerForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Hidden({ fields }: { fields: Record<string, string> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}
