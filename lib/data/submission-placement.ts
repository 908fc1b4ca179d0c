/**
 * Where a finished submission stands on its track's board, for its team's page: the same standings the board
 * shows the viewer (getPreparedBoard decides the split and what the viewer may see), read for one submission.
 * Nothing for a submission that has not finished: it is on no board yet.
 */
import type { Database } from "../../db/client";
import { ALL_SUBMISSIONS_PAGE_LIMIT } from "../ranking/prepare-board";
import type { RankingSplit } from "../ranking/ranking-split";
import { placementOf, type Placement } from "../ranking/submission-placement";
import type { ActorId } from "./competition-access";
import { getPreparedBoard } from "./leaderboards";
import type { SubmissionView } from "./submission-views";

export interface BoardPlacement extends Placement {
  /** The part of the test set the board ranks on now. */
  split: RankingSplit;
  boardUrl: string;
  /** The public model page, once the submission is on the board. */
  modelUrl: string | null;
}

export async function boardPlacement(
  db: Database,
  actorId: ActorId,
  view: SubmissionView,
): Promise<BoardPlacement | null> {
  if (view.evaluation?.state !== "finished") return null;
  const frame = { competitionSlug: view.competition.slug, trackId: view.track.id };
  const every = await getPreparedBoard(db, actorId, { ...frame, scope: "all", limit: Number.POSITIVE_INFINITY });
  const teamBest = await getPreparedBoard(db, actorId, {
    ...frame,
    scope: "team-best",
    limit: ALL_SUBMISSIONS_PAGE_LIMIT,
  });
  const placement = placementOf(
    every.prepared.standings,
    teamBest.prepared.standings,
    view.id,
    every.board.track.rules,
  );
  return {
    ...placement,
    split: every.board.split,
    boardUrl: `/competitions/${view.competition.slug}/tracks/${view.track.id}`,
    modelUrl: placement.onBoard ? `/models/${view.id}` : null,
  };
}
