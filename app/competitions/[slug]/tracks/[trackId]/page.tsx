/**
 * A track's leaderboard, at a stable address: /competitions/<slug>/tracks/<trackId> (?view=all for every
 * submission, ?cols=... for the visitor's columns). Rendered on the server from lib/data/leaderboards.ts; the table
 * and charts re-rank in the browser when a visitor changes what to rank by. The ranking comes first; the board's
 * rules are folded (on a phone, below the ranking).
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { describeRule } from "@/app/components/leaderboard/describe-rule";
import { ENERGY_DISPLAY_UNIT } from "@/lib/format/energy-display";
import { formatWeight } from "@/lib/format/metric-names";
import { formatScaled, formatSignificant, sharedPrefixFor } from "@/lib/format/si-quantity";
import { currentUser } from "@/lib/auth/session";
import { isSiteAdmin } from "@/lib/data/site-admins";
import { listMyTeams } from "@/lib/data/teams";
import { getPreparedBoard } from "@/lib/data/leaderboards";
import { trackTasksOf } from "@/lib/data/multi-task-tracks";
import { isAppError } from "@/lib/errors";
import { BOARD_ROWS_PER_STEP, type BoardScope } from "@/lib/ranking/prepare-board";
import { bestOfColumns, columnPrefixes } from "@/lib/ranking/columns";
import { CHOOSABLE_COLUMNS, parseColumnChoice } from "@/lib/ranking/board-column-set";
import type { StarBand } from "@/lib/ranking/star-bands";
import { UnservedProfileNotice } from "@/app/components/unserved-profile-notice";
import { unservedProfile } from "@/lib/profiles/runner-coverage";
import { BoardView } from "./board-view";

export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ slug: string; trackId: string }>;
  searchParams: Promise<{ view?: string; cols?: string | string[] }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Leaderboard · ${slug}` };
}

export default async function TrackBoardPage({ params, searchParams }: PageProps) {
  const { slug, trackId } = await params;
  const query = await searchParams;
  const scope: BoardScope = query.view === "all" ? "all" : "team-best";
  const chosenColumns = parseColumnChoice(typeof query.cols === "string" ? query.cols : undefined);
  const user = await currentUser();
  const { board, prepared, memo } = await getPreparedBoard(getDatabase(), user?.id ?? null, {
    competitionSlug: slug,
    trackId,
    scope,
  }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { rules } = board.track;
  const base = `/competitions/${board.competition.slug}/tracks/${board.track.id}`;
  const unserved = await unservedProfile(getDatabase(), board.track.hardwareProfileId);
  const showsOutOfDomain = memo(
    "shows-out-of-domain",
    () => board.track.outOfDomainSplit !== null || prepared.shown.some((e) => e.qualityOutOfDomain !== null),
  );
  const baselineCount = memo("baseline-count", () => prepared.standings.filter((row) => row.entry.isBaseline).length);
  const viewLink = (active: boolean) => (active ? "font-bold" : "text-leaf-700 underline dark:text-leaf-300");
  // The board's access rule has just been applied: the track's tasks are as visible as its board.
  const benchmarkTasks = (await trackTasksOf(getDatabase(), board.track.id)).map(({ slug, title, metric, weight }) => ({
    slug,
    title,
    metric,
    weight,
  }));
  return (
    <article className="flex min-w-0 max-w-full flex-col gap-6">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href={`/competitions/${board.competition.slug}`} className="text-leaf-700 underline dark:text-leaf-300">
            {board.competition.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">
          {board.track.title}: {board.track.taskTitle}
        </h1>
        {unserved ? (
          <UnservedProfileNotice
            profile={unserved}
            context="track"
            operator={user ? await isSiteAdmin(getDatabase(), user.id) : false}
          />
        ) : null}
        <nav className="flex flex-wrap gap-x-3 gap-y-1 text-sm" aria-label="Board views and exports">
          <Link
            href={base}
            aria-current={scope === "team-best" ? "page" : undefined}
            className={viewLink(scope === "team-best")}
          >
            Each team&apos;s best
          </Link>
          <Link
            href={`${base}?view=all`}
            aria-current={scope === "all" ? "page" : undefined}
            className={viewLink(scope === "all")}
          >
            Every submission
          </Link>
          <a
            href={`/api/v1/competitions/${board.competition.slug}/tracks/${board.track.id}/leaderboard.csv${scope === "all" ? "?view=all" : ""}`}
            className="text-leaf-700 underline dark:text-leaf-300"
          >
            CSV
          </a>
          <a
            href={`/api/v1/competitions/${board.competition.slug}/tracks/${board.track.id}/leaderboard${scope === "all" ? "?view=all" : ""}`}
            className="text-leaf-700 underline dark:text-leaf-300"
          >
            JSON
          </a>
          <Link href="/methodology#how-the-boards-rank" className="text-leaf-700 underline dark:text-leaf-300">
            How we measure
          </Link>
        </nav>
        <p className="text-sm text-stone-700 dark:text-stone-300" data-testid="scope-note">
          {scope === "team-best"
            ? `One row per team, its best entry${baselineCount > 0 ? `; the organizers' baselines are each listed (${baselineCount}), as reference points` : ""}.`
            : "Every finished submission, several per team."}
        </p>
        {prepared.truncated ? (
          <p role="status" className="text-sm">
            Showing the first {prepared.shown.length.toLocaleString("en-US")} of{" "}
            {prepared.totalEntries.toLocaleString("en-US")} submissions; the CSV export has them all.
          </p>
        ) : null}
      </header>
      <details
        className="order-last rounded border border-stone-200 p-3 text-sm md:order-none dark:border-stone-700"
        data-testid="board-rules"
      >
        <summary className="cursor-pointer font-semibold">
          How this board ranks: rule, energy, test split, ties and stars
        </summary>
        <ul className="mt-2 space-y-1 text-stone-700 dark:text-stone-200" data-testid="board-facts">
          <li>
            <strong>Ranking:</strong> {describeRule(rules)}
          </li>
          {benchmarkTasks.length > 0 ? (
            <li data-testid="benchmark-facts">
              <strong>Multi-task:</strong> every entry answers {benchmarkTasks.length} tasks (
              {benchmarkTasks
                .map((task) => `${task.slug}: ${task.metric}, weight ${formatWeight(task.weight)}`)
                .join("; ")}
              ). Quality is the benchmark score, the weighted mean of the task scores as SuperGLUE computes it; energy
              is what answering every test example of every task once costs, ranked per answer; latency is the slowest
              task&apos;s.{" "}
              <Link href="/methodology#multi-task-tracks" className="text-leaf-700 underline dark:text-leaf-300">
                How the aggregates are computed
              </Link>
              .
            </li>
          ) : null}
          <li>
            <strong>Energy:</strong> this track ranks <strong>{rules.rankedEnergyKind}</strong> energy only; entries
            measured the other way are listed, unranked, with a badge. Hardware profile{" "}
            <code>{board.track.hardwareProfileId}</code>.
          </li>
          <li>
            <strong>Test split:</strong>{" "}
            {board.split === "public"
              ? "ranked on the public part of the hidden test set; the private part decides the final standings after the final phase."
              : "ranked on the private part of the hidden test set (revealed)."}
            {board.split === "private" && !board.privateRevealed ? " Organizer preview: not yet public." : ""}
          </li>
          <li>
            <strong>Ties:</strong> entries whose intervals (from the runner&apos;s repeated blocks) overlap share a
            rank, marked “=”. A missing interval is shown as “interval not reported”.
          </li>
          <li data-testid="star-bands">
            <strong>Energy rating:</strong> {describeStarBands(prepared.starBands)}
          </li>
        </ul>
      </details>
      {prepared.shown.length === 0 ? (
        <p role="status">No finished submission on this track yet.</p>
      ) : (
        <BoardView
          initialRows={prepared.standings.slice(0, BOARD_ROWS_PER_STEP)}
          totalRows={prepared.standings.length}
          initialBest={memo("best-of-columns", () => bestOfColumns(prepared.standings, rules.rankedEnergyKind))}
          entriesUrl={`${base}/entries.json${scope === "all" ? "?view=all" : ""}`}
          rowsPerStep={BOARD_ROWS_PER_STEP}
          rules={rules}
          starBands={prepared.starBands}
          baseline={prepared.baseline}
          availableColumns={CHOOSABLE_COLUMNS.filter(
            (key) => showsOutOfDomain || (key !== "qualityOutOfDomain" && key !== "robustnessGap"),
          )}
          initialColumns={chosenColumns}
          initialPrefixes={memo("column-prefixes", () => columnPrefixes(prepared.shown))}
          viewerTeamIds={user ? (await listMyTeams(getDatabase(), user.id)).map((team) => team.id) : []}
          benchmarkTasks={benchmarkTasks}
        />
      )}
    </article>
  );
}

/** The five bands in one prefix (the bands' own), Wh per 1,000 inferences: "5★ 12.0–15.4 µWh; 4★ ...". */
function describeStarBands(bands: readonly StarBand[]): string {
  if (bands.length === 0) return "no energy figures yet.";
  const wh = (joules: number) => (joules * 1000) / 3600;
  const prefix = sharedPrefixFor(bands.flatMap((band) => [wh(band.fromJoules), wh(band.toJoules)]));
  const figure = (joules: number) => formatScaled(wh(joules), { prefix });
  const listed = bands.map((band) => `${band.stars}★ ${figure(band.fromJoules)}–${figure(band.toJoules)}`).join("; ");
  return `${listed} ${prefix.symbol}${ENERGY_DISPLAY_UNIT} per 1,000 inferences (five equal bands between this track's lowest and highest energy, as the AI Energy Score does).`;
}
