/**
 * One competition as a card: what it asks (tasks, tracks), until when, how many teams, and who leads each track.
 * The home page and the competitions list show the same card, so the facts read the same in both places.
 */
import Link from "next/link";
import type { CompetitionCard as CompetitionCardData } from "@/lib/data/competition-cards";
import { formatEnergyPerThousand } from "@/lib/format/energy-display";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import { formatPhaseEnd, formatRelative } from "@/lib/format/phase-dates";

const boardHref = (slug: string, trackId: string) => `/competitions/${slug}/tracks/${trackId}`;

export function CompetitionCard({ card, now }: { card: CompetitionCardData; now: Date }) {
  const profiles = card.tracks.map((preview) => preview.track.hardwareProfileId);
  return (
    <article
      className="space-y-3 rounded border border-stone-200 bg-white p-4 dark:border-stone-700 dark:bg-stone-900"
      data-testid="competition-card"
      aria-labelledby={`competition-${card.id}`}
    >
      <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={`competition-${card.id}`} className="text-lg font-semibold">
          <Link href={`/competitions/${card.slug}`} className="text-leaf-700 hover:underline dark:text-leaf-300">
            {card.title}
          </Link>
        </h3>
        {card.flagship ? (
          <span className="rounded bg-leaf-50 px-2 py-0.5 text-xs font-medium text-leaf-800 dark:bg-leaf-900 dark:text-leaf-300">
            Most active
          </span>
        ) : null}
        <span className="text-xs text-stone-600 dark:text-stone-400">
          {card.status}
          {card.visibility === "public" ? "" : ` · ${card.visibility} (you organize it)`}
        </span>
      </header>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <Fact term={card.taskTitles.length === 1 ? "Task" : "Tasks"}>{card.taskTitles.join(", ") || "none yet"}</Fact>
        <Fact term="Tracks">
          {card.tracks.length === 0 ? "none yet" : `${card.tracks.length} (${[...new Set(profiles)].join(", ")})`}
        </Fact>
        <Fact term="Deadline">
          {card.currentPhase === null
            ? "no open phase"
            : card.currentPhase.state === "open"
              ? `${card.currentPhase.name} ends ${formatPhaseEnd(card.currentPhase.endsAt, now)}`
              : `${card.currentPhase.name} opens ${formatRelative(card.currentPhase.startsAt, now)}`}
        </Fact>
        <Fact term="Teams">{`${card.registeredTeams} registered`}</Fact>
      </dl>
      {card.tracks.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-label={`Leaders of ${card.title}`}>
          {card.tracks.map((preview) => {
            const leader = preview.top[0];
            return (
              <li key={preview.track.id} className="flex flex-wrap gap-x-2" data-testid="track-leader">
                <Link
                  href={boardHref(card.slug, preview.track.id)}
                  className="font-medium text-leaf-700 underline dark:text-leaf-300"
                >
                  {preview.track.title}
                </Link>
                {leader ? (
                  <span className="min-w-0 text-stone-700 dark:text-stone-300">
                    leader <span className="font-medium">{leader.entry.modelName}</span> by {leader.entry.teamName}:{" "}
                    {formatQualityPercent(leader.entry.quality)}{" "}
                    {metricTitle(preview.track.qualityMetric).toLowerCase()},{" "}
                    {formatEnergyPerThousand(leader.entry.energyJoulesPerInference)} per 1,000 inferences
                  </span>
                ) : (
                  <span className="text-stone-600 dark:text-stone-400">no ranked entry yet</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </article>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="text-stone-600 dark:text-stone-400">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
