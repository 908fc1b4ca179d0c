/**
 * Adding a multi-task track: its tasks (each with the metric that is its score and its weight in the benchmark
 * score), its profile and how its board ranks the aggregates. The format is SustaiNLP 2020's: one system answers
 * every task, ranked on the benchmark as a whole.
 */
import { selectClassName, TextField } from "@/app/components/form-fields";
import type { CompetitionDetails } from "@/lib/data/competitions";
import type { TaskChoice } from "@/lib/data/tasks";
import { HARDWARE_PROFILES } from "@/lib/profiles/hardware-profiles";
import { OrganizerForm } from "../organizer-form";
import { RankedEnergyKindField } from "./energy-kind-field";
import { createMultiTaskTrackAction } from "./multi-task-actions";

const RULES = [
  ["energy-at-threshold", "Fewest joules for the whole benchmark at or above a benchmark-score threshold (SustaiNLP)"],
  ["quality", "Highest benchmark score, ties broken by energy"],
  ["pareto", "Pareto front of benchmark score and energy"],
  ["latency-p90", "Lowest slowest-task p90 at or above the threshold"],
  ["composite", "Weighted composite of normalized metrics"],
] as const;

export function MultiTaskTrackSection({
  competition,
  taskChoices,
}: {
  competition: CompetitionDetails;
  taskChoices: TaskChoice[];
}) {
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Add a multi-task track</h2>
      <p className="text-sm">
        Teams submit one bundle with a folder per task; the board ranks the benchmark score (the weighted mean of the
        task scores, as SuperGLUE computes it) and the energy to answer every task&apos;s test set once.
      </p>
      <OrganizerForm
        action={createMultiTaskTrackAction}
        submitLabel="Add multi-task track"
        testId="create-multi-task-track"
      >
        <input type="hidden" name="competitionId" value={competition.id} />
        <input type="hidden" name="slug" value={competition.slug} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Tasks, each with its metric and weight</legend>
          {taskChoices.map((task) => (
            <div key={task.id} className="flex flex-wrap items-end gap-3" data-testid="multi-task-choice">
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="task" value={task.id} />
                {task.title} ({task.slug})
              </label>
              <label className="text-sm">
                <span className="sr-only">Metric of {task.slug}</span>
                <select name={`metric:${task.id}`} aria-label={`Metric of ${task.slug}`} className={selectClassName}>
                  {task.metrics.map((metric) => (
                    <option key={metric} value={metric}>
                      {metric}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm">
                Weight of {task.slug}
                <input
                  name={`weight:${task.id}`}
                  inputMode="decimal"
                  defaultValue="1"
                  className="ml-2 w-20 rounded border border-stone-500 bg-white px-2 py-1 dark:border-stone-400 dark:bg-stone-900"
                />
              </label>
            </div>
          ))}
        </fieldset>
        <div className="grid gap-3 md:grid-cols-3">
          <TextField id="multi-track-title" name="title" label="Multi-task track: title" required />
          <div className="space-y-1">
            <label htmlFor="multi-track-profile" className="block text-sm font-medium">
              Profile of the multi-task track
            </label>
            <select id="multi-track-profile" name="hardwareProfileId" className={selectClassName}>
              {HARDWARE_PROFILES.map((profile) => (
                <option key={profile.id} value={profile.id}>
                  {profile.id}: {profile.label}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="multi-track-rule" className="block text-sm font-medium">
              Rule of the multi-task track
            </label>
            <select id="multi-track-rule" name="rankingRule" className={selectClassName}>
              {RULES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id="multi-track-threshold"
            name="qualityThreshold"
            label="Benchmark-score threshold"
            inputMode="decimal"
            hint="e.g. 0.6 or 60 (%); empty for none."
          />
          <TextField
            id="multi-track-time-limit"
            name="timeLimitSeconds"
            label="Time limit per task (s)"
            inputMode="numeric"
            hint="Applies to each task's measurement; 60 to 21600, empty for the protocol's."
          />
          <RankedEnergyKindField
            id="multi-track-energy-kind"
            profiles={HARDWARE_PROFILES}
            label="Energy the multi-task board ranks"
          />
        </div>
      </OrganizerForm>
    </div>
  );
}
