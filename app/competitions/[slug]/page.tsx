import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { currentUser } from "@/lib/auth/session";
import { getCompetition } from "@/lib/data/competitions";
import { phaseState } from "@/lib/data/phases";
import { isAppError } from "@/lib/errors";
import { SafeMarkdown } from "@/lib/markdown/safe-markdown";
import { UnservedProfileNotice } from "@/app/components/unserved-profile-notice";
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

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const limit = (value: number | null) => (value === null ? "no limit" : String(value));

export default async function CompetitionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, competition } = await load(slug);
  const now = new Date();
  const tasks = [...new Map(competition.tracks.map((track) => [track.taskId, track])).values()];
  const unserved = new Map((await unservedProfiles(getDatabase())).map((profile) => [profile.id, profile]));
  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{competition.title}</h1>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          {competition.status}
          {competition.canManage ? (
            <>
              {" · "}
              <Link href={`/organize/${competition.slug}`} className="text-leaf-700 dark:text-leaf-300 underline">organize</Link>
            </>
          ) : null}
        </p>
        <nav className="flex flex-wrap gap-3 text-sm" aria-label="Competition">
          <Link href={`/competitions/${competition.slug}/register`} className="rounded bg-leaf-600 px-3 py-1 text-white hover:bg-leaf-700">Register a team</Link>
          <Link href={`/competitions/${competition.slug}/submit`} className="rounded border border-stone-500 px-3 py-1 hover:bg-stone-100 dark:hover:bg-stone-800">Submit a model</Link>
        </nav>
      </header>
      <section aria-labelledby="overview-heading" className="space-y-2">
        <h2 id="overview-heading" className="text-xl font-semibold">Overview</h2>
        {competition.overviewMarkdown ? <SafeMarkdown source={competition.overviewMarkdown} /> : <p>No overview yet.</p>}
      </section>
      <section aria-labelledby="tracks-heading" className="space-y-2">
        <h2 id="tracks-heading" className="text-xl font-semibold">Tracks</h2>
        {competition.tracks.length === 0 ? <p>No tracks yet.</p> : (
          <ul className="list-disc space-y-1 pl-5" data-testid="competition-tracks">
            {competition.tracks.map((track) => (
              <li key={track.id}>
                <Link href={`/competitions/${competition.slug}/tracks/${track.id}`} className="text-leaf-700 dark:text-leaf-300 underline">{track.title}</Link>{" "}
                <span className="text-sm text-stone-600 dark:text-stone-400">
                  {track.taskTitle} on {track.hardwareProfileId}; {describeRule(track.rankingRule, track.qualityMetric, track.qualityThreshold)}
                </span>
                {track.taskAggregate ? (
                  <span className="block text-sm" data-testid="multi-task-note">
                    Multi-task: one bundle answers every task; ranked on the benchmark score, computed as SuperGLUE computes its score (Wang et al.
                    2019), and the energy to answer every test set once, the format of the SustaiNLP 2020 shared task (Wang and Wolf 2020).{" "}
                    <Link href="/methodology#multi-task-tracks" className="text-leaf-700 dark:text-leaf-300 underline">How</Link>
                  </span>
                ) : null}
                {unserved.has(track.hardwareProfileId) ? <UnservedProfileNotice profile={unserved.get(track.hardwareProfileId)!} context="track" /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="phases-heading" className="space-y-2">
        <h2 id="phases-heading" className="text-xl font-semibold">Phases</h2>
        {competition.phases.length === 0 ? <p>No phases scheduled yet.</p> : (
          <table className="w-full text-left text-sm" aria-label="Phases">
            <thead className="border-b border-stone-300 dark:border-stone-600 text-stone-600 dark:text-stone-400">
              <tr><th className="py-2">Phase</th><th>Ranks on</th><th>From</th><th>Until</th><th>Now</th><th>Per team: per day / total / at once</th></tr>
            </thead>
            <tbody>
              {competition.phases.map((phase) => (
                <tr key={phase.id} className="border-b border-stone-200 dark:border-stone-700">
                  <td className="py-2">{phase.name}</td>
                  <td>{phase.kind === "final" ? "private part of the test set" : "public part of the test set"}</td>
                  <td>{utc(phase.startsAt)}</td>
                  <td>{utc(phase.endsAt)}</td>
                  <td>{phaseState(phase, now)}</td>
                  <td>{limit(phase.submissionsPerDay)} / {limit(phase.submissionsTotal)} / {limit(phase.concurrentSubmissions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="text-xs text-stone-600 dark:text-stone-400">Largest bundle accepted: {Math.round(competition.maxBundleBytes / 1024 / 1024)} MiB.</p>
      </section>
      <section aria-labelledby="data-heading" className="space-y-2">
        <h2 id="data-heading" className="text-xl font-semibold">Data</h2>
        <p className="text-sm">
          Registered teams download each task&apos;s development split. The test split&apos;s labels stay hidden: only the runners read them.
          {user ? "" : " Sign in and register a team first."}
        </p>
        <p className="text-sm" data-testid="memorization-notice">
          A public test set can be memorized: its sentences are on the internet with their labels. The runner refuses models
          that carry the evaluation texts and flags results that collapse on the organizers&apos; hidden rewrites, but
          neither proves a model never saw the test set. A competition that matters needs private test data, which its
          organizers upload.
        </p>
        <ul className="list-disc pl-5">
          {tasks.map((track) => (
            <li key={track.taskId}>
              <a href={`/competitions/${competition.slug}/data/${track.taskId}`} className="text-leaf-700 dark:text-leaf-300 underline">{track.taskTitle}: development data</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="rules-heading" className="space-y-2">
        <h2 id="rules-heading" className="text-xl font-semibold">Rules</h2>
        {competition.rulesMarkdown ? <SafeMarkdown source={competition.rulesMarkdown} /> : <p>No rules published yet.</p>}
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
