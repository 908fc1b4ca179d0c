/**
 * The shared front half of the board exports: who asks (an API token or the browser's session, or nobody) and
 * which scope and split they ask for, parsed with zod, then the board through lib/data/leaderboards.ts.
 */
import "server-only";
import { z } from "zod";
import type { Database } from "../../db/client";
import { apiActor } from "./actor";
import { AppError } from "../errors";
import { getPreparedBoard, type PreparedBoardView } from "../data/leaderboards";

const querySchema = z.object({
  view: z.enum(["team-best", "all"]).default("team-best"),
  split: z.enum(["public", "private"]).optional(),
});

export async function boardForRequest(
  db: Database,
  request: Request,
  params: { slug: string; trackId: string },
  // Exports are not capped: a script asking for every submission gets every one. The page's entries are.
  options: { limit?: number } = {},
): Promise<PreparedBoardView> {
  const url = new URL(request.url);
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success)
    throw new AppError("VALIDATION_FAILED", "Use ?view=team-best|all and, for organizers, ?split=public|private.");
  const actor = await apiActor(db, request);
  return getPreparedBoard(db, actor?.userId ?? null, {
    competitionSlug: params.slug,
    trackId: params.trackId,
    split: query.data.split,
    scope: query.data.view,
    limit: options.limit ?? Number.POSITIVE_INFINITY,
  });
}
