/**
 * GET /badges/<submissionId>: an SVG badge with the model's star rating and energy per 1,000 inferences, for
 * READMEs and papers. The same authorization as the model page: a model not on a public board answers 404.
 */
import { getDatabase } from "@/db/client";
import { formatNumber } from "@/app/components/leaderboard/format";
import { currentUser } from "@/lib/auth/session";
import { getPreparedBoard } from "@/lib/data/leaderboards";
import { getModelPage } from "@/lib/data/model-page";
import { isAppError } from "@/lib/errors";
import { badgeColor, badgeSvg } from "@/lib/ranking/badge-svg";
import { starsFor } from "@/lib/ranking/star-bands";
import { energyKindOf } from "@/lib/ranking/types";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ submissionId: string }> }): Promise<Response> {
  const { submissionId } = await context.params;
  const db = getDatabase();
  const user = await currentUser();
  try {
    const model = await getModelPage(db, user?.id ?? null, submissionId);
    const { board, prepared } = await getPreparedBoard(db, user?.id ?? null, { competitionSlug: model.competition.slug, trackId: model.track.id, scope: "team-best" });
    const bands = prepared.starBands;
    const joules = model.counted?.measurement.energyJoulesPerInference ?? null;
    const statedKind = model.counted?.measurement.energyKind;
    const kind = statedKind === "measured" || statedKind === "estimated" ? statedKind : energyKindOf(model.counted?.measurement.energyMethod ?? null);
    const stars = kind === board.track.rules.rankedEnergyKind ? starsFor(joules, bands) : null;
    const message =
      joules === null
        ? "energy not measured"
        : `${stars === null ? "" : `${"★".repeat(stars)}${"☆".repeat(5 - stars)} `}${formatNumber((joules * 1000) / 3600)} Wh/1k ${kind === "measured" ? "measured" : "est."}`;
    return new Response(badgeSvg({ label: "joulebench", message, color: badgeColor(stars) }), {
      // Shared caches may keep only what any visitor could see.
      headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": user ? "private, no-store" : "public, max-age=300" },
    });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return new Response("Model not found.", { status: 404 });
    throw error;
  }
}
