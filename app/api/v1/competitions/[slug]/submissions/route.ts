import { getDatabase } from "@/db/client";
import { requireApiActor, teamFor } from "@/lib/api/actor";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { otherMethods } from "@/lib/api/other-methods";
import { pathParams } from "@/lib/api/path-params";
import { readSubmissionUpload } from "@/lib/api/multipart-upload";
import { submissionMetadataSchema } from "@/lib/api/schemas";
import { resolveSubmissionTarget, submitBundle } from "@/lib/data/submissions";
import { parseInput } from "@/lib/validation/parse-input";
import { webArtifactStore, webQueue } from "@/lib/submissions/services";

export const dynamic = "force-dynamic";
// Streams the upload: Node's runtime, never the edge, and no response before the bundle is checked.
export const runtime = "nodejs";

export function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleApi(async () => {
    const db = getDatabase();
    const actor = await requireApiActor(db, request);
    const slug = (await pathParams(params)).slug;
    const outcome = await readSubmissionUpload(request, async (metadata, file) => {
      const fields = parseInput(submissionMetadataSchema, metadata);
      // Every check that needs no bytes of the file comes first: a refused request is not read further.
      const target = await resolveSubmissionTarget(db, actor.userId, slug, {
        ...fields,
        teamId: teamFor(actor, fields.teamId),
      });
      return submitBundle({ db, queue: await webQueue(), store: webArtifactStore() }, target, actor.userId, file);
    });
    return jsonResponse(
      {
        ...outcome,
        submissions: outcome.submissions.map((submission) => ({ ...submission, url: `/submissions/${submission.id}` })),
      },
      201,
    );
  }, request);
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
