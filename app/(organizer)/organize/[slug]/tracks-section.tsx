import Link from "next/link";
import { selectClassName, TextField } from "@/app/components/form-fields";
import type { Track } from "@/db/schema";
import type { CompetitionDetails } from "@/lib/data/competitions";
import type { TaskChoice } from "@/lib/data/tasks";
import { HARDWARE_PROFILES } from "@/lib/profiles/hardware-profiles";
import { OrganizerForm } from "../organizer-form";
import { RankedEnergyKindField } from "./energy-kind-field";
import { createTrackAction, deleteTrackAction } from "./setup-actions";

const RULES: ReadonlyArray<readonly [Track["rankingRule"], string]> = [
  ["energy-at-threshold", "Fewest joules at or above the quality threshold"],
  ["quality", "Highest quality, ties broken by energy"],
  ["pareto", "Pareto front of quality and energy"],
  ["latency-p90", "Lowest p90 latency at or above the quality threshold"],
  ["composite", "Weighted composite of normalized metrics"],
];

export function TracksSection({
  competition,
  taskChoices,
}: {
  competition: CompetitionDetails;
  taskChoices: TaskChoice[];
}) {
  const metrics = [...new Set(taskChoices.flatMap((task) => task.metrics))];
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Tracks</h2>
      {competition.tracks.length === 0 ? (
        <p>No tracks yet: add one below.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Tracks table, scrolls sideways">
          <table className="w-full text-left text-sm" aria-label="Tracks">
            <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
              <tr>
                <th className="py-2">Track</th>
                <th>Task</th>
                <th>Profile</th>
                <th>Ranking</th>
                <th>Threshold</th>
                <th>Ranked energy</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {competition.tracks.map((track) => (
                <tr key={track.id} className="border-b border-stone-200 dark:border-stone-700" data-testid="track-row">
                  <td className="py-2">
                    <Link
                      href={`/organize/${competition.slug}/tracks/${track.id}`}
                      className="text-leaf-700 dark:text-leaf-300 underline"
                    >
                      {track.title}
                    </Link>
                  </td>
                  <td>{track.taskAggregate ? `multi-task (from ${track.taskSlug})` : track.taskSlug}</td>
                  <td>{track.hardwareProfileId}</td>
                  <td>
                    {track.rankingRule} on {track.qualityMetric}
                  </td>
                  <td>{track.qualityThreshold === null ? "—" : track.qualityThreshold}</td>
                  <td>{track.rankedEnergyKind}</td>
                  <td>
                    <OrganizerForm action={deleteTrackAction} submitLabel="Delete" className="inline">
                      <input type="hidden" name="slug" value={competition.slug} />
                      <input type="hidden" name="trackId" value={track.id} />
                    </OrganizerForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OrganizerForm action={createTrackAction} submitLabel="Add track" testId="create-track">
        <input type="hidden" name="competitionId" value={competition.id} />
        <input type="hidden" name="slug" value={competition.slug} />
        <div className="grid gap-3 md:grid-cols-3">
          <TextField id="track-title" name="title" label="Track title" required />
          <div className="space-y-1">
            <label htmlFor="track-task" className="block text-sm font-medium">
              Task
            </label>
            <select id="track-task" name="taskId" className={selectClassName}>
              {taskChoices.map((task) => (
                <option key={task.id} value={task.id}>
                  {task.title} ({task.slug})
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="track-profile" className="block text-sm font-medium">
              Hardware profile
            </label>
            <select id="track-profile" name="hardwareProfileId" className={selectClassName}>
              {HARDWARE_PROFILES.map((profile) => (
                <option key={profile.id} value={profile.id}>
                  {profile.id}: {profile.label}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="track-rule" className="block text-sm font-medium">
              Ranking rule
            </label>
            <select id="track-rule" name="rankingRule" className={selectClassName}>
              {RULES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="track-metric" className="block text-sm font-medium">
              Quality metric
            </label>
            <select id="track-metric" name="qualityMetric" className={selectClassName}>
              {metrics.map((metric) => (
                <option key={metric} value={metric}>
                  {metric}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id="track-threshold"
            name="qualityThreshold"
            label="Quality threshold"
            inputMode="decimal"
            hint="e.g. 0.85 or 85 (%); empty for none."
          />
          <TextField
            id="track-time-limit"
            name="timeLimitSeconds"
            label="Time limit per evaluation (s)"
            inputMode="numeric"
            hint="60 to 21600; empty for the protocol's 30 minutes."
          />
          <RankedEnergyKindField id="track-energy-kind" profiles={HARDWARE_PROFILES} />
        </div>
      </OrganizerForm>
    </div>
  );
}
