import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { TopEntriesTable } from "@/app/components/leaderboard/top-entries-table";
import { UnservedProfileNotice } from "@/app/components/unserved-profile-notice";
import { currentUser } from "@/lib/auth/session";
import { trackPreview } from "@/lib/data/competition-cards";
import { getCompetition } from "@/lib/data/competitions";
import { phaseState } from "@/lib/data/phases";
import { isSiteAdmin } from "@/lib/data/site-admins";
import { isAppError } from "@/lib/errors";
import { formatBinaryBytes } from "@/lib/format/binary-bytes";
import { metricTitle } from "@/lib/format/metric-names";
import { formatPhaseEnd, formatUtc } from "@/lib/format/phase-dates";
import { SafeMarkdown } from "@/lib/markdown/safe-markdown";
import { unservedProfiles } from "@/lib/profiles/runner-coverage";

export const dynamic = "force-dynamic";

async function load(slug: string) {
  const user = await currentUser();
  try {
    return { user, competition: await getCompetition(getDatabase(), user?.id ?? null, slug) };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: (await load(slug)).competition.title };
}

const limit = (value: number | null) => (value === null ? "no limit" : String(value));

/** The page's sections, in the order a visitor looks for them; the bar at the top jumps to each. */
const SECTIONS = [
  { id: "overview", label: "Overview" },
  { id: "leaderboards", label: "Leaderboards" },
  { id: "data", label: "Data" },
  { id: "rules", label: "Rules" },
  { id: "submit", label: "Submit" },
] as const;

const sectionHeading = "scroll-mt-4 text-xl font-semibold";
const markdownClass = "prose prose-stone max-w-none dark:prose-invert prose-a:text-leaf-700 dark:prose-a:text-leaf-300";

export default async function CompetitionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, competition } = await load(slug);
  const db = getDatabase();
  const now = new Date();
  const tasks = [...new Map(competition.tracks.map((track) => [track.taskId, track])).values()];
  const [unservedList, previews, operator] = await Promise.all([
    unservedProfiles(db),
    Promise.all(competition.tracks.map((track) => trackPreview(db, user?.id ?? null, competition.slug, track))),
    user ? isSiteAdmin(db, user.id) : Promise.resolve(false),
  ]);
  const unserved = new Map(unservedList.map((profile) => [profile.id, profile]));
  return (
    <article className="space-y-8">
      <header className="space-y-3">
        <h1 className="text-3xl font-bold">{competition.title}</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {competition.status}
          {competition.canManage ? (
            <>
              {" · "}
              <Link href={`/organize/${competition.slug}`} className="text-leaf-700 underline dark:text-leaf-300">
                organize
              </Link>
            </>
          ) : null}
        </p>
        <nav
          className="flex flex-wrap gap-x-4 gap-y-2 border-b border-stone-200 pb-2 text-sm dark:border-stone-700"
          aria-label="Sections"
        >
          {SECTIONS.map((section) => (
            <a
              key={section.id}
              href={`#${section.id}`}
              className="font-medium text-leaf-700 hover:underline dark:text-leaf-300"
            >
              {section.label}
            </a>
          ))}
        </nav>
      </header>

      <section id="overview" aria-labelledby="overview-heading" className="space-y-2">
        <h2 id="overview-heading" className={sectionHeading}>
          Overview
        </h2>
        {competition.overviewMarkdown ? (
          <SafeMarkdown source={competition.overviewMarkdown} className={markdownClass} />
        ) : (
          <p>No overview yet.</p>
        )}
      </section>

      <section id="leaderboards" aria-labelledby="leaderboards-heading" className="space-y-3">
        <h2 id="leaderboards-heading" className={sectionHeading}>
          Leaderboards
        </h2>
        {previews.length === 0 ? (
          <p>No tracks yet.</p>
        ) : (
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="competition-tracks">
            {previews.map((preview) => {
              const track = preview.track;
              const profile = unserved.get(track.hardwareProfileId);
              return (
                <section
                  key={track.id}
                  className="min-w-0 space-y-2 rounded border border-stone-200 bg-white p-3 dark:border-stone-700 dark:bg-stone-900"
                  aria-labelledby={`track-${track.id}`}
                  data-testid="track-preview"
                >
                  <h3 id={`track-${track.id}`} className="font-semibold">
                    <Link
                      href={`/competitions/${competition.slug}/tracks/${track.id}`}
                      className="text-leaf-700 underline dark:text-leaf-300"
                    >
                      {track.title}
                    </Link>
                  </h3>
                  <p className="text-xs text-stone-600 dark:text-stone-400">
                    {track.taskTitle} on {track.hardwareProfileId};{" "}
                    {describeRule(track.rankingRule, metricTitle(track.qualityMetric), track.qualityThreshold)}
                  </p>
                  {track.taskAggregate ? (
                    <p className="text-sm" data-testid="multi-task-note">
                      Multi-task: one bundle answers every task; ranked on the benchmark score, computed as SuperGLUE
                      computes its score (Wang et al. 2019), and the energy to answer every test set once, the format of
                      the SustaiNLP 2020 shared task (Wang and Wolf 2020).{" "}
                      <Link
                        href="/methodology#multi-task-tracks"
                        className="text-leaf-700 underline dark:text-leaf-300"
                      >
                        How
                      </Link>
                    </p>
                  ) : null}
                  <TopEntriesTable
                    rows={preview.top}
                    qualityMetric={track.qualityMetric}
                    caption={`Top of the ${track.title} board`}
                  />
                  {profile ? <UnservedProfileNotice profile={profile} context="track" operator={operator} /> : null}
                </section>
              );
            })}
          </div>
        )}
      </section>

      <section id="data" aria-labelledby="data-heading" className="space-y-2">
        <h2 id="data-heading" className={sectionHeading}>
          Data
        </h2>
        <p className="text-sm">
          Registered teams download each task&apos;s development split. The test split&apos;s labels stay hidden: only
          the runners read them.
          {user ? "" : " Sign in and register a team first."}
        </p>
        <ul className="list-disc pl-5 text-sm">
          {tasks.map((track) => (
            <li key={track.taskId}>
              <a
                href={`/competitions/${competition.slug}/data/${track.taskId}`}
                className="text-leaf-700 underline dark:text-leaf-300"
              >
                {track.taskTitle}: development data
              </a>
            </li>
          ))}
        </ul>
        <p className="text-sm" data-testid="memorization-notice">
          A public test set can be memorized: its sentences are on the internet with their labels. The runner refuses
          models that carry the evaluation texts and flags results that collapse on the organizers&apos; hidden
          rewrites, but neither proves a model never saw the test set. A competition that matters needs private test
          data, which its organizers upload.
        </p>
      </section>

      <section id="rules" aria-labelledby="rules-heading" className="space-y-3">
        <h2 id="rules-heading" className={sectionHeading}>
          Rules
        </h2>
        {competition.rulesMarkdown ? (
          <SafeMarkdown source={competition.rulesMarkdown} className={markdownClass} />
        ) : (
          <p>No rules published yet.</p>
        )}
        <h3 className="font-semibold">Phases and quotas</h3>
        {competition.phases.length === 0 ? (
          <p>No phases scheduled yet.</p>
        ) : (
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Phases, scrolls sideways">
            <table className="w-full text-left text-sm" aria-label="Phases">
              <thead className="border-b border-stone-300 text-stone-600 dark:border-stone-600 dark:text-stone-400">
                <tr>
                  <th className="py-2 pr-3">Phase</th>
                  <th className="pr-3">Ranks on</th>
                  <th className="pr-3">From</th>
                  <th className="pr-3">Until</th>
                  <th className="pr-3">Now</th>
                  <th>Per team: per day / total / at once</th>
                </tr>
              </thead>
              <tbody>
                {competition.phases.map((phase) => (
                  <tr key={phase.id} className="border-b border-stone-200 dark:border-stone-700">
                    <td className="py-2 pr-3">{phase.name}</td>
                    <td className="pr-3">
                      {phase.kind === "final" ? "private part of the test set" : "public part of the test set"}
                    </td>
                    <td className="pr-3">{formatUtc(phase.startsAt)}</td>
                    <td className="pr-3">{formatPhaseEnd(phase.endsAt, now)}</td>
                    <td className="pr-3">{phaseState(phase, now)}</td>
                    <td>
                      {limit(phase.submissionsPerDay)} / {limit(phase.submissionsTotal)} /{" "}
                      {limit(phase.concurrentSubmissions)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section id="submit" aria-labelledby="submit-heading" className="space-y-2">
        <h2 id="submit-heading" className={sectionHeading}>
          Submit
        </h2>
        <p className="text-sm">
          A submission is one zip bundle: an ONNX model, its tokenizer and a manifest, at most{" "}
          {formatBinaryBytes(competition.maxBundleBytes)}.{" "}
          <Link href="/docs/submitting" className="text-leaf-700 underline dark:text-leaf-300">
            The submitting guide
          </Link>{" "}
          shows how to build and check one.
        </p>
        <div className="flex flex-wrap gap-3 text-sm">
          <Link
            href={`/competitions/${competition.slug}/register`}
            className="rounded bg-leaf-600 px-3 py-1 text-white hover:bg-leaf-700"
          >
            Register a team
          </Link>
          <Link
            href={`/competitions/${competition.slug}/submit`}
            className="rounded border border-stone-500 px-3 py-1 hover:bg-stone-100 dark:hover:bg-stone-800"
          >
            Submit a model
          </Link>
        </div>
      </section>
    </article>
  );
}

function describeRule(rule: string, metric: string, threshold: number | null): string {
  if (rule === "energy-at-threshold") return `fewest joules among models with ${metric} ≥ ${threshold ?? "any"}`;
  if (rule === "quality") return `highest ${metric}, ties broken by energy`;
  if (rule === "latency-p90") return `lowest p90 latency among models with ${metric} ≥ ${threshold ?? "any"}`;
  if (rule === "composite") return "a weighted composite of quality, energy and latency";
  return `Pareto front of ${metric} and energy`;
}
