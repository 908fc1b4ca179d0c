import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { submissionCaller } from "@/lib/api/submission-route";
import { getSubmission } from "@/lib/data/submission-views";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const { id } = await pathParams(params);
    const actor = await submissionCaller(request, id);
    return jsonResponse(await getSubmission(getDatabase(), actor.userId, id));
  }, request);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
