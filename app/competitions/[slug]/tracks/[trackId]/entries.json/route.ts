/**
 * GET the board's entries as the page re-ranks and charts them in the browser (board-view.tsx): the scope's
 * entries (?view=team-best|all, capped as the page caps them), with the page's own authorization, from the
 * process's board cache and encoded once per cached board.
 */
import { getDatabase } from "@/db/client";
import { bytesEtag, cachedBytesResponse, handleApi } from "@/lib/api/http";
import { boardForRequest } from "@/lib/api/board-request";
import { ALL_SUBMISSIONS_PAGE_LIMIT } from "@/lib/ranking/prepare-board";

export const dynamic = "force-dynamic";

export async function GET(
  request: Request,
  context: { params: Promise<{ slug: string; trackId: string }> },
): Promise<Response> {
  return handleApi(async () => {
    const { prepared, memo } = await boardForRequest(getDatabase(), request, await context.params, {
      limit: ALL_SUBMISSIONS_PAGE_LIMIT,
    });
    const body = memo("page-entries", () => new TextEncoder().encode(JSON.stringify(prepared.shown)));
    // private: an organizer's entries include what visitors may not see; no shared cache may keep them.
    return cachedBytesResponse(
      body,
      { "content-type": "application/json", "cache-control": "private, no-store" },
      memo("page-entries-etag", () => bytesEtag(body)),
    );
  });
}
