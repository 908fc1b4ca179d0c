/** GET the track's task as the bundle check needs it (labels, input fields): the CLI checks a bundle with it before uploading. */
import { getDatabase } from "@/db/client";
import { apiActor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { getTrackTask } from "@/lib/data/track-task";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ slug: string; trackId: string }> }) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await apiActor(db, request);
    const { slug, trackId } = await pathParams(params);
    return jsonResponse(await getTrackTask(db, actor?.userId ?? null, slug, trackId));
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
