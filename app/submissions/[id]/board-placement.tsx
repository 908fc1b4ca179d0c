import Link from "next/link";
import type { BoardPlacement } from "@/lib/data/submission-placement";

const linkClass = "text-leaf-700 underline dark:text-leaf-300";

/** Where the finished submission stands on its track's board, with links to the board and its model page, or why it is not ranked. */
export function BoardPlacementPanel({ placement }: { placement: BoardPlacement }) {
  const part = placement.split === "public" ? "the public part of the test set" : "the private part of the test set";
  return (
    <div className="space-y-2" data-testid="board-placement">
      <h2 className="text-lg font-semibold">On the leaderboard</h2>
      {placement.rank !== null ? (
        <p>
          <strong className="text-xl" data-testid="placement-rank">
            {placement.tied ? "=" : ""}
            {placement.rank}
          </strong>{" "}
          of {placement.rankedCount} ranked submissions
          {placement.teamBestRank !== null
            ? `; ${placement.teamBestRank} of ${placement.teamCount} on the board's default view (each team's best)`
            : "; your team's better submission represents it in the default view (each team's best)"}
          , ranked on {part}.
        </p>
      ) : placement.onBoard ? (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-testid="placement-unranked"
        >
          Not ranked: {placement.unrankedReason}
        </p>
      ) : (
        <p className="text-sm text-stone-700 dark:text-stone-300" data-testid="placement-unranked">
          Not on the public board (hidden or disqualified by the organizers, or held for their review).
        </p>
      )}
      <p className="flex flex-wrap gap-4 text-sm">
        <Link href={placement.boardUrl} className={linkClass}>
          See the leaderboard
        </Link>
        {placement.modelUrl ? (
          <Link href={placement.modelUrl} className={linkClass}>
            Model page
          </Link>
        ) : null}
      </p>
    </div>
  );
}
