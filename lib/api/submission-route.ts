/** What the /api/v1/submissions/{id}/... routes share: the caller, the token's scope, the submission as they see it. */
import { getDatabase } from "../../db/client";
import { submissionViewer } from "../data/submission-views";
import { requireApiActor, requireTokenScope, type ApiActor } from "./actor";

export async function submissionCaller(request: Request, submissionId: string): Promise<ApiActor> {
  const db = getDatabase();
  const actor = await requireApiActor(db, request);
  const { submission } = await submissionViewer(db, actor.userId, submissionId);
  requireTokenScope(actor, submission.teamId);
  return actor;
}
