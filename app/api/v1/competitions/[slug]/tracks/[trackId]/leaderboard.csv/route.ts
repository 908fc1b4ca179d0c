/** GET the board as CSV, one row per entry, the same fields as the JSON export. */
import { getDatabase } from "@/db/client";
import { bytesEtag, cachedBytesResponse, handleApi } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { boardForRequest } from "@/lib/api/board-request";
import { boardCsv } from "@/lib/ranking/board-export";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  context: { params: Promise<{ slug: string; trackId: string }> },
): Promise<Response> {
  return handleApi(async () => {
    const params = await pathParams(context.params);
    const { board, prepared, memo } = await boardForRequest(getDatabase(), request, params);
    const body = memo("csv", () =>
      new TextEncoder().encode(boardCsv(prepared.standings, prepared.starBands, board.track.rules.rankedEnergyKind)),
    );
    return cachedBytesResponse(
      body,
      {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${board.competition.slug}-${board.track.id}-${board.split}.csv"`,
        "cache-control": "no-store",
      },
      memo("csv-etag", () => bytesEtag(body)),
    );
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
