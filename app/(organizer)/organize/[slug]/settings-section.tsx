import { selectClassName, TextField } from "@/app/components/form-fields";
import type { CompetitionDetails } from "@/lib/data/competitions";
import { updateCompetitionAction } from "../actions";
import { OrganizerForm } from "../organizer-form";

const MIB = 1024 * 1024;
const areaClassName = `${selectClassName} font-mono text-sm`;

export function SettingsSection({ competition }: { competition: CompetitionDetails }) {
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">Settings</h2>
      <OrganizerForm action={updateCompetitionAction} submitLabel="Save settings" testId="competition-settings">
        <input type="hidden" name="competitionId" value={competition.id} />
        <input type="hidden" name="slug" value={competition.slug} />
        <TextField id="settings-title" name="title" label="Title" defaultValue={competition.title} required />
        <div className="grid gap-3 md:grid-cols-3">
          <div className="space-y-1">
            <label htmlFor="settings-status" className="block text-sm font-medium">
              Status
            </label>
            <select id="settings-status" name="status" defaultValue={competition.status} className={selectClassName}>
              <option value="draft">Draft (organizers only)</option>
              <option value="open">Open</option>
              <option value="closed">Closed</option>
              <option value="archived">Archived</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="settings-visibility" className="block text-sm font-medium">
              Visibility
            </label>
            <select
              id="settings-visibility"
              name="visibility"
              defaultValue={competition.visibility}
              className={selectClassName}
            >
              <option value="private">Private (organizers only)</option>
              <option value="unlisted">Unlisted (anyone with the link)</option>
              <option value="public">Public (listed)</option>
            </select>
          </div>
          <TextField
            id="settings-max-bundle"
            name="maxBundleMib"
            label="Maximum bundle size (MiB)"
            inputMode="decimal"
            defaultValue={String(Math.round((competition.maxBundleBytes / MIB) * 100) / 100)}
          />
        </div>
        <div className="flex items-start gap-2">
          <input
            id="settings-one-team-per-person"
            name="oneTeamPerPerson"
            type="checkbox"
            defaultChecked={competition.oneTeamPerPerson}
            className="mt-1"
          />
          <label htmlFor="settings-one-team-per-person" className="text-sm">
            <span className="font-medium">One registered team per person.</span> A team cannot enter while one of its
            members is registered with another team, and nobody registered here joins a second registered team (a second
            team would give them a second submission quota).
          </label>
        </div>
        <div className="space-y-1">
          <label htmlFor="settings-overview" className="block text-sm font-medium">
            Overview (Markdown)
          </label>
          <textarea
            id="settings-overview"
            name="overviewMarkdown"
            rows={8}
            defaultValue={competition.overviewMarkdown}
            className={areaClassName}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="settings-rules" className="block text-sm font-medium">
            Rules (Markdown; teams accept them to register)
          </label>
          <textarea
            id="settings-rules"
            name="rulesMarkdown"
            rows={8}
            defaultValue={competition.rulesMarkdown}
            className={areaClassName}
          />
        </div>
      </OrganizerForm>
    </div>
  );
}
