/**
 * A track's leaderboard, at a stable address: /competitions/<slug>/tracks/<trackId> (?view=all for every
 * submission). Rendered on the server from lib/data/leaderboards.ts; the table and charts re-rank in the browser
 * when a visitor changes what to rank by.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import { describeRule } from "@/app/components/leaderboard/describe-rule";
import { formatNumber } from "@/app/components/leaderboard/format";
import { currentUser } from "@/lib/auth/session";
import { getPreparedBoard } from "@/lib/data/leaderboards";
import { trackTasksOf } from "@/lib/data/multi-task-tracks";
import { isAppError } from "@/lib/errors";
import { BOARD_ROWS_PER_STEP, type BoardScope } from "@/lib/ranking/board-view";
import { bestOfColumns } from "@/lib/ranking/columns";
import { UnservedProfileNotice } from "@/app/components/unserved-profile-notice";
import { unservedProfile } from "@/lib/profiles/runner-coverage";
import { BoardView } from "./board-view";

export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ slug: string; trackId: string }>;
  searchParams: Promise<{ view?: string }>;
}

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Leaderboard · ${slug}` };
}

export default async function TrackBoardPage({ params, searchParams }: PageProps) {
  const { slug, trackId } = await params;
  const scope: BoardScope = (await searchParams).view === "all" ? "all" : "team-best";
  const user = await currentUser();
  const { board, prepared, memo } = await getPreparedBoard(getDatabase(), user?.id ?? null, { competitionSlug: slug, trackId, scope }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { rules } = board.track;
  const base = `/competitions/${board.competition.slug}/tracks/${board.track.id}`;
  const unserved = await unservedProfile(getDatabase(), board.track.hardwareProfileId);
  // The board's access rule has just been applied: the track's tasks are as visible as its board.
  const benchmarkTasks = (await trackTasksOf(getDatabase(), board.track.id)).map(({ slug, title, metric, weight }) => ({ slug, title, metric, weight }));
  return (
    <article className="min-w-0 max-w-full space-y-6">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href={`/competitions/${board.competition.slug}`} className="text-leaf-700 underline dark:text-leaf-300">
            {board.competition.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">
          {board.track.title}: {board.track.taskTitle}
        </h1>
        {unserved ? <UnservedProfileNotice profile={unserved} context="track" /> : null}
        <ul className="space-y-1 text-sm text-stone-700 dark:text-stone-200" data-testid="board-facts">
          <li>
            <strong>Ranking:</strong> {describeRule(rules)}
          </li>
          {benchmarkTasks.length > 0 ? (
            <li data-testid="benchmark-facts">
              <strong>Multi-task:</strong> every entry answers {benchmarkTasks.length} tasks (
              {benchmarkTasks.map((task) => `${task.slug}: ${task.metric}, weight ${formatNumber(task.weight)}`).join("; ")}). Quality is the benchmark score, the weighted
              mean of the task scores as SuperGLUE computes it; energy is what answering every test example of every task once costs, ranked per answer;
              latency is the slowest task&apos;s. <Link href="/methodology#multi-task-tracks" className="text-leaf-700 underline dark:text-leaf-300">How the aggregates are computed</Link>.
            </li>
          ) : null}
          <li>
            <strong>Energy:</strong> this track ranks <strong>{rules.rankedEnergyKind}</strong> energy only; entries measured the other way are listed,
            unranked, with their badge. Hardware profile <code>{board.track.hardwareProfileId}</code>.
          </li>
          <li>
            <strong>Test split:</strong>{" "}
            {board.split === "public"
              ? "ranked on the public part of the hidden test set; the private part decides the final standings after the final phase."
              : "ranked on the private part of the hidden test set (revealed)."}
            {board.split === "private" && !board.privateRevealed ? " Organizer preview: not yet public." : ""}
          </li>
          <li>
            <strong>Ties:</strong> entries whose intervals (from the runner&apos;s repeated blocks) overlap share a rank, marked “=”. A missing interval is
            shown as “interval not reported”.
          </li>
          <li data-testid="star-bands">
            <strong>Energy rating:</strong>{" "}
            {prepared.starBands.length === 0
              ? "no energy figures yet."
              : prepared.starBands
                  .map((band) => `${band.stars}★ ${formatNumber((band.fromJoules * 1000) / 3600)}–${formatNumber((band.toJoules * 1000) / 3600)} Wh/1k`)
                  .join("; ")}
            {prepared.starBands.length > 0 ? " (five equal bands between this track's lowest and highest energy, as the AI Energy Score does)." : ""}
          </li>
        </ul>
        <nav className="flex flex-wrap gap-3 text-sm" aria-label="Board views and exports">
          <Link href={base} aria-current={scope === "team-best" ? "page" : undefined} className={scope === "team-best" ? "font-bold" : "text-leaf-700 underline dark:text-leaf-300"}>
            Each team&apos;s best
          </Link>
          <Link href={`${base}?view=all`} aria-current={scope === "all" ? "page" : undefined} className={scope === "all" ? "font-bold" : "text-leaf-700 underline dark:text-leaf-300"}>
            Every submission
          </Link>
          <a href={`/api/v1/competitions/${board.competition.slug}/tracks/${board.track.id}/leaderboard.csv${scope === "all" ? "?view=all" : ""}`} className="text-leaf-700 underline dark:text-leaf-300">
            CSV
          </a>
          <a href={`/api/v1/competitions/${board.competition.slug}/tracks/${board.track.id}/leaderboard${scope === "all" ? "?view=all" : ""}`} className="text-leaf-700 underline dark:text-leaf-300">
            JSON
          </a>
          <Link href="/methodology" className="text-leaf-700 underline dark:text-leaf-300">
            How we measure
          </Link>
        </nav>
        {prepared.truncated ? (
          <p role="status" className="text-sm">
            Showing the first {prepared.shown.length.toLocaleString("en-US")} of {prepared.totalEntries.toLocaleString("en-US")} submissions; the CSV export has them all.
          </p>
        ) : null}
      </header>
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
          benchmarkTasks={benchmarkTasks}
          showOutOfDomain={memo("shows-out-of-domain", () => board.track.outOfDomainSplit !== null || prepared.shown.some((e) => e.qualityOutOfDomain !== null))}
        />
      )}
    </article>
  );
}
