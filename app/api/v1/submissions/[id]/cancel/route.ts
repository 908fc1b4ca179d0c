import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { submissionCaller } from "@/lib/api/submission-route";
import { cancelSubmission } from "@/lib/data/submission-actions";
import { getSubmission } from "@/lib/data/submission-views";
import { webQueue } from "@/lib/submissions/services";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const { id } = await pathParams(params);
    const actor = await submissionCaller(request, id);
    await cancelSubmission(getDatabase(), await webQueue(), actor.userId, id);
    return jsonResponse(await getSubmission(getDatabase(), actor.userId, id));
  }, request);
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
