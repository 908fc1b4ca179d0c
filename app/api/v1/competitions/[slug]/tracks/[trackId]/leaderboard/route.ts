/** GET the board as JSON: the track's rules, the split, the star bands and one record per row (lib/ranking/board-export.ts). */
import { getDatabase } from "@/db/client";
import { bytesEtag, cachedBytesResponse, handleApi } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { boardForRequest } from "@/lib/api/board-request";
import { exportRecord } from "@/lib/ranking/board-export";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  context: { params: Promise<{ slug: string; trackId: string }> },
): Promise<Response> {
  return handleApi(async () => {
    const { board, prepared, memo } = await boardForRequest(getDatabase(), request, await pathParams(context.params));
    // Serialized and encoded to UTF-8 once per cached board and view: a popular board is not re-encoded for every request.
    const body = memo("json", () =>
      new TextEncoder().encode(
        JSON.stringify({
          competition: board.competition,
          track: board.track,
          split: board.split,
          private_revealed: board.privateRevealed,
          generated_at: board.generatedAt,
          star_bands: prepared.starBands,
          baseline_submission_id: prepared.baseline?.submissionId ?? null,
          total: prepared.totalEntries,
          entries: prepared.standings.map((row) =>
            exportRecord(row, prepared.starBands, board.track.rules.rankedEnergyKind),
          ),
        }),
      ),
    );
    return cachedBytesResponse(
      body,
      { "content-type": "application/json", "cache-control": "no-store" },
      memo("json-etag", () => bytesEtag(body)),
    );
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
