import { TextField } from "@/app/components/form-fields";
import type { OrganizerEntry } from "@/lib/data/competitions";
import { addOrganizerAction, removeOrganizerAction } from "../actions";
import { OrganizerForm } from "../organizer-form";

interface OrganizersSectionProps {
  competitionId: string;
  slug: string;
  organizers: OrganizerEntry[];
  /** Site admins name organizers; organizers see who they work with. */
  canEdit: boolean;
}

export function OrganizersSection({ competitionId, slug, organizers, canEdit }: OrganizersSectionProps) {
  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Organizers</h2>
      {organizers.length === 0 ? <p>No organizers yet; site admins manage it meanwhile.</p> : null}
      <ul className="space-y-1" data-testid="organizers">
        {organizers.map((organizer) => (
          <li key={organizer.userId} className="flex items-center gap-3">
            <span>{organizer.name ?? organizer.email}</span>
            <span className="text-xs text-stone-600 dark:text-stone-400">{organizer.email}</span>
            {canEdit ? (
              <OrganizerForm action={removeOrganizerAction} submitLabel="Remove" className="inline">
                <input type="hidden" name="competitionId" value={competitionId} />
                <input type="hidden" name="slug" value={slug} />
                <input type="hidden" name="userId" value={organizer.userId} />
              </OrganizerForm>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <OrganizerForm
          action={addOrganizerAction}
          submitLabel="Add organizer"
          testId="add-organizer"
          className="max-w-sm space-y-3"
        >
          <input type="hidden" name="competitionId" value={competitionId} />
          <input type="hidden" name="slug" value={slug} />
          <TextField id="organizer-email" name="email" type="email" label="Email of a signed-up user" required />
        </OrganizerForm>
      ) : null}
    </div>
  );
}
