/** GET a competition's tracks (ids, profiles, whether a runner serves them), for `joulebench tracks` and `submit --track cpu-1t`. */
import { otherMethods } from "@/lib/api/other-methods";
import { getDatabase } from "@/db/client";
import { apiActor } from "@/lib/api/actor";
import { pathParams } from "@/lib/api/path-params";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { listTrackDirectory } from "@/lib/data/track-directory";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await apiActor(db, request);
    return jsonResponse({
      tracks: await listTrackDirectory(db, actor?.userId ?? null, (await pathParams(params)).slug),
    });
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
