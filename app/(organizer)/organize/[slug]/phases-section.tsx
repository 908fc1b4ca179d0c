import { selectClassName, TextField } from "@/app/components/form-fields";
import type { CompetitionDetails } from "@/lib/data/competitions";
import { OrganizerForm } from "../organizer-form";
import { createPhaseAction, deletePhaseAction, revealPrivateAction } from "./setup-actions";

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const limit = (value: number | null) => (value === null ? "no limit" : String(value));

export function PhasesSection({ competition }: { competition: CompetitionDetails }) {
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Phases and quotas</h2>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Development phases rank on the public part of the test set; a final phase ranks on the private part, revealed
        when it ends. Quotas are per team.
      </p>
      {competition.phases.length === 0 ? (
        <p>No phases yet: teams cannot submit until one is open.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Phases table, scrolls sideways">
          <table className="w-full text-left text-sm" aria-label="Phases">
            <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
              <tr>
                <th className="py-2">Phase</th>
                <th>Kind</th>
                <th>Starts</th>
                <th>Ends</th>
                <th>Per day</th>
                <th>Total</th>
                <th>Concurrent</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {competition.phases.map((phase) => (
                <tr key={phase.id} className="border-b border-stone-200 dark:border-stone-700" data-testid="phase-row">
                  <td className="py-2">{phase.name}</td>
                  <td>{phase.kind}</td>
                  <td>{utc(phase.startsAt)}</td>
                  <td>{utc(phase.endsAt)}</td>
                  <td>{limit(phase.submissionsPerDay)}</td>
                  <td>{limit(phase.submissionsTotal)}</td>
                  <td>{limit(phase.concurrentSubmissions)}</td>
                  <td className="space-y-1">
                    {phase.kind === "final" ? (
                      <OrganizerForm
                        action={revealPrivateAction}
                        submitLabel={phase.revealPrivate ? "Hide private results" : "Reveal private results now"}
                        className="inline"
                      >
                        <input type="hidden" name="slug" value={competition.slug} />
                        <input type="hidden" name="phaseId" value={phase.id} />
                        <input type="hidden" name="revealed" value={phase.revealPrivate ? "false" : "true"} />
                      </OrganizerForm>
                    ) : null}
                    <OrganizerForm action={deletePhaseAction} submitLabel="Delete" className="inline">
                      <input type="hidden" name="slug" value={competition.slug} />
                      <input type="hidden" name="phaseId" value={phase.id} />
                    </OrganizerForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OrganizerForm action={createPhaseAction} submitLabel="Add phase" testId="create-phase">
        <input type="hidden" name="competitionId" value={competition.id} />
        <input type="hidden" name="slug" value={competition.slug} />
        <div className="grid gap-3 md:grid-cols-3">
          <TextField id="phase-name" name="name" label="Name" required />
          <div className="space-y-1">
            <label htmlFor="phase-kind" className="block text-sm font-medium">
              Kind
            </label>
            <select id="phase-kind" name="kind" className={selectClassName}>
              <option value="development">Development (public split)</option>
              <option value="final">Final (private split)</option>
            </select>
          </div>
          <span />
          <TextField id="phase-starts" name="startsAt" type="datetime-local" label="Starts (UTC)" required />
          <TextField id="phase-ends" name="endsAt" type="datetime-local" label="Ends (UTC)" required />
          <span />
          <TextField
            id="phase-per-day"
            name="submissionsPerDay"
            label="Submissions per day"
            inputMode="numeric"
            hint="Empty for no limit."
          />
          <TextField id="phase-total" name="submissionsTotal" label="Submissions in total" inputMode="numeric" />
          <TextField
            id="phase-concurrent"
            name="concurrentSubmissions"
            label="Concurrent submissions"
            inputMode="numeric"
          />
        </div>
      </OrganizerForm>
    </div>
  );
}
