import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { submissionCaller } from "@/lib/api/submission-route";
import { getSubmission } from "@/lib/data/submission-views";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleApi(async () => {
    const { id } = await params;
    const actor = await submissionCaller(request, id);
    const { results, privateResultsHidden } = await getSubmission(getDatabase(), actor.userId, id);
    return jsonResponse({ results, privateResultsHidden });
  });
}
