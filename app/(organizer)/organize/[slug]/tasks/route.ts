import { getDatabase } from "@/db/client";
import { handleApi, jsonResponse } from "@/lib/api/http";
import { currentUser } from "@/lib/auth/session";
import { withUploadedFile } from "@/lib/competition-bundle/save-upload";
import { createTaskFromZip } from "@/lib/competition-bundle/task-upload";
import { requireCompetitionManager } from "@/lib/data/competition-access";
import { MAX_TASK_FILE_BYTES } from "@/lib/data/tasks";
import { requireSameOrigin } from "@/lib/security/same-origin";
import { webArtifactStore } from "@/lib/submissions/services";

/** POST a task zip (task.json + its data files) as the body: the competition's organizers and site admins. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApi(async () => {
    // Checked before who is asking: a cross-site post carries the admin's cookie, so the cookie proves nothing.
    requireSameOrigin(request);
    const { slug } = await params;
    const user = await currentUser();
    const db = getDatabase();
    // Authorize before reading the body.
    const { competition } = await requireCompetitionManager(db, user?.id ?? null, { slug });
    const task = await withUploadedFile(request.body, MAX_TASK_FILE_BYTES * 2, (file) =>
      createTaskFromZip(db, webArtifactStore(), user?.id ?? null, competition.id, file),
    );
    return jsonResponse({ id: task.id, slug: task.slug, title: task.title }, 201);
  });
}
