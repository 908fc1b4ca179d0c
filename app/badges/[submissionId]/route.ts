/**
 * GET /badges/<submissionId>: an SVG badge with the model's star rating and energy per 1,000 inferences, for
 * READMEs and papers; an unranked model's badge has no stars and says why (lib/ranking/badge-message.ts). The same authorization as the model page: a model not on a public board answers 404.
 */
import { getDatabase } from "@/db/client";
import { currentUser } from "@/lib/auth/session";
import { getPreparedBoard } from "@/lib/data/leaderboards";
import { getModelPage } from "@/lib/data/model-page";
import { isAppError } from "@/lib/errors";
import { badgeColor, badgeSvg } from "@/lib/ranking/badge-svg";
import { badgeMessage } from "@/lib/ranking/badge-message";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  context: { params: Promise<{ submissionId: string }> },
): Promise<Response> {
  const { submissionId } = await context.params;
  const db = getDatabase();
  const user = await currentUser();
  try {
    const model = await getModelPage(db, user?.id ?? null, submissionId);
    // Its row among every submission (as on the model page): ranked or not, with the combined figures.
    const frame = { competitionSlug: model.competition.slug, trackId: model.track.id };
    const { board, prepared } = await getPreparedBoard(db, user?.id ?? null, {
      ...frame,
      scope: "all",
      limit: Number.POSITIVE_INFINITY,
    });
    const row = prepared.standings.find((standing) => standing.entry.submissionId === submissionId) ?? null;
    const { message, stars } = badgeMessage(row, prepared.starBands, board.track.rules);
    return new Response(badgeSvg({ label: "joulebench", message, color: badgeColor(stars) }), {
      // Shared caches may keep only what any visitor could see.
      headers: {
        "content-type": "image/svg+xml; charset=utf-8",
        "cache-control": user ? "private, no-store" : "public, max-age=300",
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return new Response("Model not found.", { status: 404 });
    throw error;
  }
}
