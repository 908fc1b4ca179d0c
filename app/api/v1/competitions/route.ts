/** GET the competitions the caller may see, for `joulebench competitions`; a visitor without a token sees the public ones. */
import { otherMethods } from "@/lib/api/other-methods";
import { getDatabase } from "@/db/client";
import { apiActor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { listCompetitionDirectory } from "@/lib/data/track-directory";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await apiActor(db, request);
    return jsonResponse({ competitions: await listCompetitionDirectory(db, actor?.userId ?? null) });
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
