import Link from "next/link";
import { getDatabase } from "@/db/client";
import { EnergyQualityChart } from "@/app/competitions/[slug]/tracks/[trackId]/board-charts";
import { CompetitionCard } from "@/app/components/competition-card";
import { TopEntriesTable } from "@/app/components/leaderboard/top-entries-table";
import { currentUser } from "@/lib/auth/session";
import { listCompetitionCards } from "@/lib/data/competition-cards";
import { metricTitle } from "@/lib/format/metric-names";
import { chartPointsOf } from "@/lib/ranking/chart-points";

export const dynamic = "force-dynamic";

/** Rows of the flagship board on the home page: enough to see who wins and by how much. */
const FLAGSHIP_ROWS = 5;

export default async function HomePage() {
  const user = await currentUser();
  const now = new Date();
  const cards = await listCompetitionCards(getDatabase(), user?.id ?? null, now);
  const open = cards.filter((card) => card.status === "open");
  const flagship = cards.find((card) => card.flagship);
  const flagshipTrack = flagship?.tracks.find((preview) => preview.rankedCount > 0) ?? flagship?.tracks[0];
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold">Answer well, for the fewest joules.</h1>
        <p className="max-w-3xl text-stone-700 dark:text-stone-300">
          Teams submit compact ONNX models; a sandboxed runner measures each one&apos;s accuracy, latency and energy on
          fixed hardware; the boards rank the model that answers well for the fewest joules.
        </p>
        <div className="flex flex-wrap gap-3 text-sm">
          {user ? null : (
            <Link href="/signup" className="rounded bg-leaf-600 px-4 py-2 text-white hover:bg-leaf-700">
              Create an account
            </Link>
          )}
          <Link
            href="/docs/submitting"
            className="rounded border border-stone-500 px-4 py-2 hover:bg-white dark:hover:bg-stone-900"
          >
            How to submit a model
          </Link>
          <Link
            href="/methodology"
            className="rounded border border-stone-500 px-4 py-2 hover:bg-white dark:hover:bg-stone-900"
          >
            How we measure
          </Link>
        </div>
      </section>

      {flagship && flagshipTrack ? (
        <section aria-labelledby="flagship-heading" className="space-y-3" data-testid="flagship-board">
          <h2 id="flagship-heading" className="text-xl font-semibold">
            Leading now: {flagship.title}, {flagshipTrack.track.title}
          </h2>
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <div className="min-w-0 space-y-2">
              <TopEntriesTable
                rows={flagshipTrack.standings.filter((row) => row.section === "ranked").slice(0, FLAGSHIP_ROWS)}
                qualityMetric={flagshipTrack.track.qualityMetric}
                caption={`Top of the ${flagshipTrack.track.title} board`}
              />
              <Link
                href={`/competitions/${flagship.slug}/tracks/${flagshipTrack.track.id}`}
                className="inline-block text-sm font-medium text-leaf-700 underline dark:text-leaf-300"
              >
                The full board ({flagshipTrack.rankedCount} ranked)
              </Link>
            </div>
            <EnergyQualityChart
              plotted={chartPointsOf(flagshipTrack.standings, "energy")}
              qualityMetric={flagshipTrack.track.qualityMetric}
              title={`${metricTitle(flagshipTrack.track.qualityMetric)} against energy per 1,000 inferences (log scale)`}
            />
          </div>
        </section>
      ) : null}

      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-xl font-semibold">
          Open competitions
        </h2>
        {open.length === 0 ? (
          <p role="status">
            No competition is open right now.{" "}
            <Link href="/competitions" className="text-leaf-700 underline dark:text-leaf-300">
              See every competition
            </Link>
            .
          </p>
        ) : (
          <div className="grid grid-cols-1 gap-4" data-testid="open-competitions">
            {open.map((card) => (
              <CompetitionCard key={card.id} card={card} now={now} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
